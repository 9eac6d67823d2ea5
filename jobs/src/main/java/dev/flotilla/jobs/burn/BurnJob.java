package dev.flotilla.jobs.burn;

import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.report.Report;
import dev.flotilla.jobs.config.JobFactory;
import dev.flotilla.jobs.config.ConfigReader;
import dev.flotilla.jobs.config.JobConfig;
import java.io.IOException;
import java.util.Map;

/** The {@code burn} job: CPU-bound units of known cost, to measure the engine itself. */
public record BurnJob(EngineSettings engine, Map<String, Object> config, BurnConfig burn)
    implements JobSpec {

  public static final String KIND = "burn";
  public static final JobFactory FACTORY = JobFactory.of(KIND, (c, engine) ->
      new BurnJob(engine, JobConfig.render(c), BurnConfig.read(new ConfigReader(c))));

  public BurnJob {
    config = Map.copyOf(config);
  }

  @Override
  public String kind() {
    return KIND;
  }

  /** Engine benchmarks run thousands of no-op units. */
  @Override
  public boolean tinyUnits() {
    return true;
  }

  @Override
  public Plan plan() {
    return BurnPlanner.plan(burn, engine);
  }

  @Override
  public void merge(MergeContext run, Report report) throws IOException {
    BurnReport.write(run, report);
  }
}
