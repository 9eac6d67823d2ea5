package dev.flotilla.jobs.corpus;

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
 * The {@code corpus} job: any folder of {@code <domain>/*.txt} becomes byte-token shards on the
 * run FS, one unit per domain, with per-domain document and byte counts in the manifest and report.
 */
public record CorpusJob(EngineSettings engine, Map<String, Object> config, CorpusConfig corpus) implements JobSpec {

  public static final String KIND = "corpus";
  public static final JobFactory FACTORY = JobFactory.of(KIND,
      (c, engine) -> new CorpusJob(engine, JobConfig.render(c), CorpusConfig.read(new ConfigReader(c))));

  public CorpusJob {
    config = Map.copyOf(config);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Plan plan() {
    return CorpusPlanner.plan(corpus, engine);
  }

  @Override
  public Map<String, Object> describe(WorkUnit unit) {
    return CorpusPlanner.describe(unit);
  }

  @Override
  public void merge(MergeContext run, Report report) throws IOException {
    CorpusReport.write(corpus, run, report);
  }
}
