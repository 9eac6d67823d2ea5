package dev.flotilla.jobs.corpus;

import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.report.Report;
import dev.flotilla.ensembles.corpus.debian.DebianDifficultyUnit;
import dev.flotilla.ensembles.corpus.debian.DebianDomainUnit;
import dev.flotilla.executors.unit.WorkUnit;
import dev.flotilla.jobs.config.ConfigReader;
import dev.flotilla.jobs.config.JobConfig;
import dev.flotilla.jobs.config.JobFactory;
import java.io.IOException;
import java.util.Map;

/**
 * The {@code corpus-debian} job: Debian packages unpacked by {@code scripts/prepare-corpus}
 * become the corpus folder the corpus and hdee jobs read ({@code <domain>/<NNNNNN>.txt},
 * {@code domains.json}, {@code sources.tsv}), with each domain's difficulty measured.
 */
public record DebianCorpusJob(EngineSettings engine, Map<String, Object> config, DebianCorpusConfig corpus)
    implements JobSpec {

  public static final String KIND = "corpus-debian";
  public static final JobFactory FACTORY = JobFactory.of(KIND,
      (c, engine) -> new DebianCorpusJob(engine, JobConfig.render(c), DebianCorpusConfig.read(new ConfigReader(c))));

  public DebianCorpusJob {
    config = Map.copyOf(config);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Plan plan() {
    return DebianCorpusPlanner.plan(corpus, engine);
  }

  @Override
  public Map<String, Object> describe(WorkUnit unit) {
    if (unit instanceof DebianDomainUnit u) {
      return Map.of("domain", u.domain(), "packages", String.join(" ", u.packageVersions().keySet()));
    }
    return unit instanceof DebianDifficultyUnit u ? Map.of("domain", u.domain()) : Map.of();
  }

  @Override
  public void merge(MergeContext run, Report report) throws IOException {
    DebianCorpusWriter.write(corpus, run, report);
  }
}
