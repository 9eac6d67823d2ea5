package dev.flotilla.jobs.sortednet;

import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.report.Report;
import dev.flotilla.executors.unit.WorkUnit;
import dev.flotilla.jobs.config.JobFactory;
import dev.flotilla.jobs.config.ConfigReader;
import dev.flotilla.jobs.config.JobConfig;
import java.io.IOException;
import java.util.Map;

/**
 * The {@code sortednet} job: sorted trainings, evaluation of every sub-network (units of a batch
 * each, after their training), and independent trainings of baseline architectures, merged into
 * the sub-network table, the Pareto front and the comparison.
 */
public record SortedNetJob(EngineSettings engine, Map<String, Object> config,
    SortedNetConfig sortedNet) implements JobSpec {

  public static final String KIND = "sortednet";
  public static final JobFactory FACTORY = JobFactory.of(KIND, (c, engine) ->
      new SortedNetJob(engine, JobConfig.render(c), SortedNetConfig.read(new ConfigReader(c))));

  public SortedNetJob {
    config = Map.copyOf(config);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Plan plan() {
    return SortedNetPlanner.plan(sortedNet, engine);
  }

  @Override
  public Map<String, Object> describe(WorkUnit unit) {
    return SortedNetPlanner.describe(unit);
  }

  @Override
  public void merge(MergeContext run, Report report) throws IOException {
    SortedNetReport.write(sortedNet, run, report);
  }
}
