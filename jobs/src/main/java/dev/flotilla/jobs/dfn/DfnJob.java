package dev.flotilla.jobs.dfn;

import com.typesafe.config.Config;
import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.report.Report;
import dev.flotilla.executors.backend.djl.DeviceChoice;
import dev.flotilla.executors.unit.WorkUnit;
import dev.flotilla.jobs.config.JobFactory;
import dev.flotilla.jobs.config.ConfigReader;
import dev.flotilla.jobs.config.JobConfig;
import java.io.IOException;
import java.util.Map;

/**
 * The {@code dfn} job (Data Filtering Networks): build a noisy pool (WebDataset or Parquet
 * shards) or take an existing one, train the filtering network on a disjoint high-quality set,
 * score every shard, curate the global top fraction, and train the same model on all / random /
 * DFN / oracle subsets for zero-shot evaluation. Config: {@link DfnConfig}; plan:
 * {@link DfnPlanner}; report: {@link DfnReport}.
 *
 * @param config the resolved configuration as used, for the manifest
 */
public record DfnJob(EngineSettings engine, Map<String, Object> config, DfnConfig dfn) implements JobSpec {

  public static final String KIND = "dfn";
  public static final JobFactory FACTORY = JobFactory.of(KIND, DfnJob::fromConfig);

  public DfnJob {
    config = Map.copyOf(config);
  }

  /** Reads {@code dfn.*} into a validated job. */
  public static JobSpec fromConfig(Config c, EngineSettings engine) {
    ConfigReader r = new ConfigReader(c);
    DfnConfig dfn = DfnConfig.read(r);
    if (dfn.scoreDevice() == DeviceChoice.GPU && engine.gpusPerUnit() == 0) {
      throw r.error("dfn.score.device", "gpu needs a GPU assigned to each unit: set engine.gpus-per-unit >= 1 "
          + "(or use auto, which falls back to the CPU)");
    }
    return new DfnJob(engine, JobConfig.render(c), dfn);
  }

  @Override
  public String kind() {
    return KIND;
  }

  /** Scoring units are one pool shard each, many and alike. */
  @Override
  public boolean tinyUnits() {
    return true;
  }

  @Override
  public Plan plan() {
    return DfnPlanner.plan(dfn, engine);
  }

  @Override
  public Map<String, Object> describe(WorkUnit unit) {
    return DfnPlanner.describe(dfn, unit);
  }

  @Override
  public void merge(MergeContext run, Report report) throws IOException {
    DfnReport.write(dfn, run, report);
  }
}
