package dev.flotilla.jobs.hdee;

import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.report.Report;
import dev.flotilla.executors.unit.UnitCodec;
import dev.flotilla.executors.unit.WorkUnit;
import dev.flotilla.jobs.config.JobFactory;
import dev.flotilla.jobs.config.ConfigReader;
import dev.flotilla.jobs.config.JobConfig;
import java.io.IOException;
import java.util.Map;

/**
 * The {@code hdee} job (Heterogeneous Domain Expert Ensembles): corpus units, seed models, the
 * domain experts of every plan and one ensemble per plan ({@link HdeePlanner}), merged into
 * compute and per-domain perplexity tables and charts ({@link HdeeReport}). Every plan spends
 * the same FLOPs budget.
 */
public record HdeeJob(EngineSettings engine, Map<String, Object> config, HdeeConfig hdee) implements JobSpec {

  public static final String KIND = "hdee";
  public static final JobFactory FACTORY = JobFactory.of(KIND,
      (c, engine) -> new HdeeJob(engine, JobConfig.render(c), HdeeConfig.read(new ConfigReader(c))));

  public HdeeJob {
    config = Map.copyOf(config);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Plan plan() {
    return HdeePlanner.plan(hdee, engine);
  }

  @Override
  public Map<String, Object> describe(WorkUnit unit) {
    return HdeePlanText.describe(hdee, HdeePlanner.layouts(hdee), UnitCodec.idOf(unit), unit);
  }

  @Override
  public String planNotes() {
    return HdeePlanText.notes(hdee, HdeePlanner.layouts(hdee));
  }

  @Override
  public void merge(MergeContext run, Report report) throws IOException {
    HdeeReport.write(hdee, run, report);
  }
}
