package dev.flotilla.jobs.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.jobs.testing.LocalSparkBase;
import dev.flotilla.jobs.testing.Sparks;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sweep job end to end on local[2] (with task retries), on both backends. */
class SweepLocalTest extends LocalSparkBase {

  @TempDir Path tmp;

  static String conf(Path runDir, String backend) {
    return """
        job = sweep
        engine { run-dir = "%s", master = "local[2]", progress = false, checkpoint-every = 10 }
        sweep {
          backend = %s
          data { train-limit = 3000, test-limit = 1000 }
          epochs = 1
          batch-size = 100
          mlp { widths = [[32], [64]], learning-rates = [0.003] }
          cnn { widths = [[4, 8, 16]], learning-rates = [0.003] }
        }
        """.formatted(runDir.toUri(), backend);
  }

  @ParameterizedTest
  @ValueSource(strings = {"djl", "dl4j"})
  void trainsEveryGridPointAndWritesTheTable(String backend) throws Exception {
    JobSpec job = Sparks.job(conf(tmp, backend));
    RunManifest m = Flotilla.run(spark, job);

    assertThat(m.units).hasSize(3);
    for (UnitEntry e : m.units.values()) {
      assertThat(e.state).isEqualTo(UnitState.COMMITTED);
      assertThat(e.unitAttempts()).isEqualTo(1);
      // 30 steps on 3k examples: far above chance (0.1) on Fashion-MNIST.
      assertThat(e.metrics.get("accuracy")).as(e.name).isGreaterThan(0.45);
      assertThat(e.metrics.get("valid_accuracy")).as(e.name).isGreaterThan(0.45);
      assertThat(e.metrics.get("valid_examples")).as("10% of 3000").isEqualTo(300.0);
      assertThat(Files.exists(tmp.resolve("units").resolve(e.id).resolve("model.bin"))).isTrue();
    }
    Path report = tmp.resolve("report");
    assertThat(report.resolve("index.html")).exists();
    assertThat(report.resolve("sweep-accuracy-vs-flops.png")).exists();
    assertThat(report.resolve("unit-seconds.png")).exists();
    assertThat(Files.readAllLines(report.resolve("sweep.csv"))).hasSize(4)
        .first().asString().startsWith("backend,model,kind,widths,learning_rate,valid_accuracy,"
            + "test_accuracy,params,train_flops,train_seconds");
    JsonNode rows = new ObjectMapper().readTree(report.resolve("sweep.json").toFile());
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).path("backend").asText()).isEqualTo(backend);
    assertThat(Files.readString(report.resolve("report.md"))).contains("| " + backend + " |");
  }

  @Test
  void rerunOnTheSameRunDirSkipsCommittedUnits() throws Exception {
    JobSpec job = Sparks.job(conf(tmp, "djl"));
    Flotilla.run(spark, job);
    RunManifest again = Flotilla.run(spark, job);
    assertThat(again.drivers()).hasSize(2);
    for (UnitEntry e : again.units.values()) {
      assertThat(e.attempts).as("no attempt in the second driver run").allMatch(a -> a.driverRun() == 0);
    }
    // Each unit is labelled in Spark: a job group named after its id, a stage named after the unit.
    var tracker = spark.sparkContext().statusTracker();
    for (UnitEntry e : again.units.values()) {
      int[] jobs = tracker.getJobIdsForGroup("flotilla:" + e.id);
      assertThat(jobs).isNotEmpty();
      int stage = tracker.getJobInfo(jobs[0]).get().stageIds()[0];
      assertThat(tracker.getStageInfo(stage).get().name()).contains("unit " + e.name + " [" + e.id + "]");
    }
  }
}
