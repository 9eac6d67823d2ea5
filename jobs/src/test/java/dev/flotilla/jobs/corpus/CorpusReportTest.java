package dev.flotilla.jobs.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.driver.report.Report;
import dev.flotilla.ensembles.corpus.CorpusResult;
import dev.flotilla.ensembles.corpus.CorpusUnit;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.rundir.AtomicFiles;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.UnitCodec;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.UnitRecord;
import dev.flotilla.executors.unit.UnitRecordCodec;
import dev.flotilla.jobs.JobKinds;
import dev.flotilla.jobs.config.JobConfig;
import dev.flotilla.jobs.testing.TinyCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The corpus job planned from a config and reported from records written by hand (no Spark). */
class CorpusReportTest {

  @TempDir Path tmp;

  private JobSpec job(Path corpus, String extra) {
    return JobKinds.fromConfig(JobConfig.withOverrides(ConfigFactory.parseString("""
        job = corpus
        engine { run-dir = "%s", progress = false }
        corpus { dir = "%s" }
        %s
        """.formatted(tmp.resolve("run").toUri(), corpus, extra)), List.of(), "test config"));
  }

  @Test
  void oneUnitPerDomainAndTheTableFromTheRecords() throws Exception {
    Path corpus = TinyCorpus.write(tmp.resolve("corpus"), 12);
    JobSpec job = job(corpus, "corpus.domains = [python, email]");
    Plan plan = job.plan();
    assertThat(plan.units()).extracting(u -> ((CorpusUnit) u.unit()).domain()).containsExactly("python", "email");
    assertThat(job.describe(plan.units().get(0).unit())).containsEntry("domain", "python");
    assertThat(job(corpus, "").plan().units()).as("every subfolder, sorted").extracting(PlannedUnit::name)
        .containsExactly("corpus-copyright", "corpus-email", "corpus-headers", "corpus-python");

    RunDir run = RunDir.at(tmp.resolve("run").toUri().toString(), new Configuration());
    long k = 1;
    for (PlannedUnit u : plan.units()) {
      CorpusResult r = new CorpusResult(12, 11, 1, 0, 900 * k, 9, 50 * k, 1, 40 * k, 1, 0, 0, 0, ((CorpusUnit) u.unit()).domain());
      UnitOutput out = UnitOutput.of(r);
      assertThat(out.metrics()).containsKeys("files", "documents", "empty_documents", "duplicate_documents",
          "bytes_train", "bytes_valid", "bytes_test", "documents_train", "documents_valid", "documents_test");
      AtomicFiles.writeNew(run.fs(), run.unitRecord(u.id()), UnitRecordCodec.toJson(new UnitRecord(u.id(), u.kind(),
          u.name(), Json.CANONICAL.readTree(UnitCodec.toJson(u.unit())), 0, 0, "driver", "h", 1, 0, 10, -1, 42,
          out.metrics(), out.facts(), List.of())));
      k++;
    }
    Report report = new Report("corpus test run");
    job.merge(new MergeContext(run, new RunManifest(), plan), report);
    report.write(run);
    JsonNode rows = Json.FILES.readTree(tmp.resolve("run/report/domains.json").toFile());
    assertThat(rows).hasSize(2);
    assertThat(rows.get(1).get("domain").asText()).isEqualTo("email");
    assertThat(rows.get(1).get("train_bytes").asLong()).isEqualTo(1800);
    assertThat(rows.get(1).get("empty").asLong()).isEqualTo(1);
    assertThat(Json.FILES.readTree(tmp.resolve("run/report/report.json").toFile()).path("facts").get("bytes").asLong())
        .isEqualTo(990 + 1980);
    assertThat(Files.readString(tmp.resolve("run/report/report.md"))).contains("Corpus: 2 domains, 2970 bytes from file:");
  }

  @Test
  void badSplitsAndFoldersNameTheKey() throws Exception {
    Path corpus = TinyCorpus.write(tmp.resolve("corpus"), 12);
    assertThatThrownBy(() -> job(corpus, "corpus { valid-fraction = 0.5, test-fraction = 0.5 }"))
        .hasMessageContaining("corpus.test-fraction = 0.5").hasMessageContaining("together they must be < 1");
    assertThatThrownBy(() -> job(tmp.resolve("nowhere"), ""))
        .hasMessageContaining("corpus.dir = ").hasMessageContaining("the corpus folder does not exist");
    Files.createDirectories(tmp.resolve("flat"));
    assertThatThrownBy(() -> job(tmp.resolve("flat"), "")).hasMessageContaining("has no domain folders");
  }
}
