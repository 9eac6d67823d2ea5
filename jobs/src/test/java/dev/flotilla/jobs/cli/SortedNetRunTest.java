package dev.flotilla.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.manifest.AttemptRecord;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.ensembles.sortednet.StandaloneNet;
import dev.flotilla.ensembles.sortednet.SortedEvalUnit;
import dev.flotilla.ensembles.sortednet.SortedTrainUnit;
import dev.flotilla.jobs.testing.LocalSparkBase;
import dev.flotilla.jobs.testing.Sparks;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import dev.flotilla.ensembles.sortednet.IndependentTrainUnit;
import java.util.List;

/** The sortednet job end to end on local[2]: train, evaluate in parallel units, compare, select. */
class SortedNetRunTest extends LocalSparkBase {

  @TempDir Path tmp;

  static String conf(Path runDir) {
    return """
        job = sortednet
        engine { run-dir = "%s", master = "local[2]", progress = false }
        sortednet {
          model { kind = mlp, width = 64, depth = 3, learning-rate = 0.003 }
          grid { widths = [0.25, 0.5, 1.0], depths = [1, 3] }
          data { train-limit = 3000, test-limit = 1000 }
          epochs = 5
          batch-size = 100
          trainings = [{policy = sandwich, per-step = 4, seed = 1}, {policy = uniform, per-step = 3, seed = 2}]
          distill = 0.3
          shrink-after = 0.2
          warmup-steps = 10
          eval { subnetworks-per-unit = 4, latency-repeats = 20 }
          baseline = [[0.25, 3], [1.0, 3]]
        }
        """.formatted(runDir.toUri());
  }

  @Test
  void trainsEvaluatesComparesAndSelects() throws Exception {
    JobSpec job = Sparks.job(conf(tmp));
    RunManifest m = Flotilla.run(spark, job);

    // 2 trainings, 2 eval units each (6 sub-networks, 4 per unit), 2 baselines.
    assertThat(m.units).hasSize(8);
    assertThat(m.units.values()).allMatch(e -> e.state == UnitState.COMMITTED);
    for (UnitEntry e : m.units.values()) {
      if (e.kind.equals(SortedEvalUnit.KIND)) {
        // An evaluation starts only after its training committed.
        String train = e.spec().path("trainUnitId").asText();
        AttemptRecord trainDone = m.unit(train).attempts.get(m.unit(train).attempts.size() - 1);
        assertThat(e.attempts.get(0).startMillis()).isGreaterThanOrEqualTo(trainDone.endMillis());
      }
    }
    JsonNode rows = new ObjectMapper().readTree(tmp.resolve("report/subnetworks.json").toFile());
    assertThat(rows).hasSize(12);
    for (JsonNode r : rows) {
      assertThat(r.path("test_accuracy").asDouble()).as(r.toString()).isGreaterThan(0.5);
      assertThat(r.path("valid_accuracy").asDouble()).as("300 examples: noisier").isGreaterThan(0.4);
      assertThat(r.path("export_max_abs_diff").asDouble()).isLessThan(1e-5);
      assertThat(r.path("latency_ms").asDouble()).isPositive();
    }
    assertThat(tmp.resolve("report/subnetworks-accuracy-vs-flops.png")).exists();
    assertThat(Files.readAllLines(tmp.resolve("report/comparison.csv"))).hasSize(1 + 2 * 2);
    assertThat(Files.readString(tmp.resolve("report/training-cost.csv"))).contains("independent, largest only");

    // Selection without search, and export of the choice.
    StringWriter out = new StringWriter();
    Path exported = tmp.resolve("best.safetensors");
    CommandLine cli = new CommandLine(new FlotillaCli()).setOut(new PrintWriter(out));
    int code = cli.execute("select", tmp.toString(), "--max-flops", "40000", "--export", exported.toString());
    assertThat(code).isZero();
    JsonNode config = new ObjectMapper().readTree(tmp.resolve("best.json").toFile());
    assertThat(config.path("format").asText()).isEqualTo(StandaloneNet.PORTABLE_FORMAT_RESIDUAL); // residual by default
    assertThat(config.path("units").asInt()).isLessThanOrEqualTo(32);
    try (InputStream in = Files.newInputStream(exported)) {
      var tensors = dev.flotilla.executors.export.SafeTensors.read(in);
      assertThat(tensors.get(0).shape()).containsExactly(config.path("units").asLong(), 784L);
      assertThat(tensors).hasSize(2 * config.path("blocks").size() + 2);
    }
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("select", tmp.toString(), "--max-flops", "10")).isNotZero();
    assertThat(err.toString()).contains("no sub-network meets the budget --max-flops 10.0");
    assertThat(m.units.values().stream().filter(e -> e.kind.equals(SortedTrainUnit.KIND)).count()).isEqualTo(2);
  }

  @Test
  void theCnnIsComparedWithItsSubNetworksTrainedAlone() throws Exception {
    String conf = conf(tmp).replace("kind = mlp, width = 64, depth = 3", "kind = cnn, width = 8, depth = 3")
        .replace("train-limit = 3000", "train-limit = 1500").replace("epochs = 5", "epochs = 2")
        .replace("{policy = uniform, per-step = 3, seed = 2}", "{policy = uniform, per-step = 2, seed = 2, largest-every-step = true}");
    RunManifest m = Flotilla.run(spark, Sparks.job(conf));
    assertThat(m.units.values()).allMatch(e -> e.state == UnitState.COMMITTED);
    assertThat(m.units.values().stream().filter(e -> e.kind.equals(IndependentTrainUnit.KIND)).count())
        .as("one cnn trained alone per baseline entry").isEqualTo(2);
    List<String> comparison = Files.readAllLines(tmp.resolve("report/comparison.csv"));
    assertThat(comparison).hasSize(1 + 2 * 2);
    assertThat(String.join("\n", comparison)).contains("uniform-full-s2,w0.2500-d3").contains("sandwich-s1,w1.0000-d3");
    JsonNode facts = new ObjectMapper().readTree(tmp.resolve("report/report.json").toFile()).path("facts");
    assertThat(facts.path("min_accuracy_ratio").asDouble()).as("trained cnns on both sides").isBetween(0.3, 3.0);
    assertThat(facts.path("subnetworks_compared").asInt()).isEqualTo(4);
  }

  @Test
  void badGridsAndBudgetsAreNamed() {
    assertThatThrownBy(() -> Sparks.job(conf(tmp).replace("widths = [0.25, 0.5, 1.0]", "widths = [0.25, 1.5]")))
        .hasMessageContaining("sortednet.grid.widths = [0.25,1.5]: widths are fractions of the full width, in (0, 1]");
    assertThatThrownBy(() -> Sparks.job(conf(tmp).replace("depths = [1, 3]", "depths = [1, 5]")))
        .hasMessageContaining("sortednet.grid.depths = [1,5]: beyond the model's 3 blocks");
    assertThatThrownBy(() -> Sparks.job(conf(tmp).replace("policy = uniform", "policy = greedy")))
        .hasMessageContaining("sortednet.trainings[1]");
  }
}
