package dev.flotilla.jobs.corpus;

import com.typesafe.config.Config;
import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.executors.unit.WorkUnit;
import dev.flotilla.jobs.config.JobConfig;
import java.util.List;
import java.util.Map;

/**
 * The {@code corpus} job: any folder of {@code <domain>/*.txt} becomes byte-token shards on the
 * run FS, one unit per domain, with per-domain document and byte counts in the manifest and report.
 */
public record CorpusJob(EngineSettings engine, Map<String, Object> config, CorpusSource source) implements JobSpec {

  public static final String KIND = "corpus";

  public CorpusJob {
    config = Map.copyOf(config);
  }

  public static JobSpec fromConfig(Config c, EngineSettings engine) {
    return new CorpusJob(engine, JobConfig.render(c), CorpusSource.scan(c, "corpus", c.getStringList("corpus.domains")));
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Plan plan() {
    return new Plan(source.units().stream().map(u -> PlannedUnit.of(u, engine.cpusPerUnit())).toList());
  }

  @Override
  public Map<String, Object> describe(WorkUnit unit) {
    return unit instanceof CorpusUnit u ? Map.of("domain", u.domain(), "source_bytes", u.sourceBytes()) : Map.of();
  }

  @Override
  public void merge(MergeContext run, Report report) {
    Table.Builder t = new Table.Builder("domain", "files", "documents", "duplicates", "empty", "train_bytes",
        "valid_bytes", "test_bytes", "unit");
    long total = 0;
    for (UnitEntry e : run.units()) {
      Map<String, Double> m = e.metrics;
      t.row(e.name.substring("corpus-".length()), m.get("files").longValue(), m.get("documents").longValue(),
          m.get("duplicate_documents").longValue(), m.get("empty_documents").longValue(), m.get("bytes_train").longValue(),
          m.get("bytes_valid").longValue(), m.get("bytes_test").longValue(), e.id);
      total += m.get("bytes_train").longValue() + m.get("bytes_valid").longValue() + m.get("bytes_test").longValue();
    }
    report.heading("Corpus: " + run.units().size() + " domains, " + total + " bytes from " + source.uri());
    report.paragraph("Shards: units/<unit>/{train,valid,test}.tok, little-endian u16 byte tokens (256 = document start);"
        + " exact duplicate documents are kept once, so no document is in two splits.");
    report.table("domains", "Documents and bytes per domain and split", t.build());
    report.fact("bytes", total);
  }
}
