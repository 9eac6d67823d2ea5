package dev.flotilla.jobs.sweep;

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
 * The {@code sweep} job: one independently trained classifier per grid point on Fashion-MNIST,
 * on either backend; merged into an accuracy / params / FLOPs / train-seconds table. Its training
 * unit is also the independent-training baseline of SortedNet.
 */
public record SweepJob(EngineSettings engine, Map<String, Object> config, SweepConfig sweep)
    implements JobSpec {

  public static final String KIND = "sweep";
  public static final JobFactory FACTORY = JobFactory.of(KIND, (c, engine) ->
      new SweepJob(engine, JobConfig.render(c), SweepConfig.read(new ConfigReader(c))));

  public SweepJob {
    config = Map.copyOf(config);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Plan plan() {
    return SweepPlanner.plan(sweep, engine);
  }

  @Override
  public Map<String, Object> describe(WorkUnit unit) {
    return SweepPlanner.describe(unit);
  }

  @Override
  public void merge(MergeContext run, Report report) throws IOException {
    SweepReport.write(sweep, run, report);
  }
}
