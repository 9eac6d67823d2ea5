package dev.flotilla.jobs.hdee;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.ensembles.corpus.TokenizerTrainUnit;
import dev.flotilla.ensembles.hdee.EnsembleScore;
import dev.flotilla.ensembles.hdee.HdeeEnsembleUnit;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.jobs.testing.LocalSparkBase;
import dev.flotilla.jobs.testing.Sparks;
import dev.flotilla.jobs.testing.TinyCorpus;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hdee end to end under Spark local[2] with a real tokenizer: the corpus stage trains a
 * SentencePiece model (Debian's spm_train), experts train and score on its ids, and the
 * ensembles combine them in bits per byte; then the same with that model given as a HuggingFace
 * tokenizer.json. A mixture's bits per byte can never exceed the mean of its members' (Jensen),
 * which fails when combiner and experts count tokens or bytes differently.
 */
class HdeeTokenizerEnsembleTest extends LocalSparkBase {

  @TempDir Path tmp;

  private JobSpec job(Path corpus, String run, String tokenizer) {
    return Sparks.job("""
        job = hdee
        engine { run-dir = "%s", master = "local[2]", progress = false }
        hdee {
          corpus.dir = "%s"
          domains { groups = [[python], [headers], [copyright]], eval-only = [email] }
          tokenizer %s
          model { layers = 1, d-model = 16, heads = 2, context = 32 }
          budget { total-flops = 2e10, min-steps = 10 }
          seeds.steps = 20
          experts.iterations = 1
          plans = [homogeneous, heterogeneous]
          eval { windows = 4, bootstrap = 50 }
        }
        """.formatted(tmp.resolve(run).toUri(), corpus, tokenizer));
  }

  @Test
  void ensemblesCombineExpertsOnSentencePieceAndHuggingFaceIds() throws Exception {
    Path corpus = TinyCorpus.write(tmp.resolve("corpus"), 30);
    RunManifest spm = Flotilla.run(spark, job(corpus, "spm", "{ kind = sentencepiece, vocab-size = 400 }"));
    checkEnsembles(spm, "spm");
    UnitEntry trainer = spm.units.values().stream().filter(e -> e.kind.equals(TokenizerTrainUnit.KIND)).findFirst()
        .orElseThrow();
    Path json = tmp.resolve("tokenizer.json");
    Files.copy(tmp.resolve("spm/units").resolve(trainer.id).resolve(TokenizerTrainUnit.FILE), json);

    RunManifest hf = Flotilla.run(spark, job(corpus, "hf", "{ kind = huggingface, file = \"" + json + "\" }"));
    checkEnsembles(hf, "hf");
    assertThat(hf.units.values()).noneMatch(e -> e.kind.equals(TokenizerTrainUnit.KIND));
  }

  private void checkEnsembles(RunManifest m, String run) throws Exception {
    assertThat(m.units.values()).extracting(e -> e.name + " " + e.state).allMatch(s -> s.endsWith("COMMITTED"));
    RunDir dir = RunDir.at(tmp.resolve(run).toUri().toString(), new Configuration());
    List<UnitEntry> ensembles = new ArrayList<>();
    m.units.values().stream().filter(e -> e.kind.equals(HdeeEnsembleUnit.KIND)).forEach(ensembles::add);
    assertThat(ensembles).hasSize(2);
    for (UnitEntry e : ensembles) {
      EnsembleScore[] rows;
      try (InputStream in = dir.fs().open(new org.apache.hadoop.fs.Path(dir.unit(e.id), HdeeEnsembleUnit.EVALUATION))) {
        rows = Json.FILES.readValue(in, EnsembleScore[].class);
      }
      Map<String, List<Double>> experts = new HashMap<>();
      Map<String, Double> uniform = new HashMap<>();
      Map<String, Long> bytes = new HashMap<>();
      for (EnsembleScore r : rows) {
        String domain = r.domain();
        double bpb = r.bitsPerByte();
        assertThat(bpb).as(run + " " + domain + " " + r.model()).isBetween(0.5, 12.0);
        assertThat(r.bpbLow()).isLessThanOrEqualTo(bpb);
        assertThat(r.bpbHigh()).isGreaterThanOrEqualTo(bpb);
        // every model of a domain is scored on the same bytes of text
        Long before = bytes.putIfAbsent(domain, r.bytes());
        assertThat(before == null || before == r.bytes()).as(domain + " bytes").isTrue();
        if (r.model().startsWith("expert:")) {
          experts.computeIfAbsent(domain, k -> new ArrayList<>()).add(bpb);
        } else if (r.model().equals("uniform")) {
          uniform.put(domain, bpb);
        }
      }
      assertThat(uniform.keySet()).containsExactlyInAnyOrder("python", "headers", "copyright", "email");
      for (Map.Entry<String, Double> u : uniform.entrySet()) {
        double mean = experts.get(u.getKey()).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(u.getValue()).as(run + " " + u.getKey() + ": uniform mixture vs mean expert").isLessThanOrEqualTo(mean + 1e-9);
      }
    }
    assertThat(Files.readString(tmp.resolve(run).resolve("report/report.md"))).contains("Tokens and bytes per domain");
  }
}
