package dev.flotilla.driver.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.executors.rundir.RunDir;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * Today's reader still reads a manifest.json written by a real run of conf/sweep-quick.conf
 * (src/test/resources/fixtures/v1, see its README): resuming, {@code status} and reports of old
 * run directories depend on it.
 */
class ManifestV1FixtureTest {

  @Test
  void readsTheV1ManifestOfASweepRun() throws Exception {
    Path dir = Path.of(ManifestV1FixtureTest.class.getResource("/fixtures/v1/manifest.json").toURI()).getParent();
    RunManifest m = RunManifest.read(RunDir.at(dir.toString(), new Configuration()));

    assertThat(m.formatVersion).isEqualTo(1);
    assertThat(m.jobKind).isEqualTo("sweep");
    assertThat(m.runDir).isEqualTo("file:/work/wt/benchfix/runs/sweep-quick");
    assertThat(m.seed).isEqualTo(42);
    assertThat(m.createdMillis).isEqualTo(1795976295537L);
    assertThat(m.updatedMillis).isEqualTo(1795976544577L);
    // Nested config values come back as whatever map type Jackson's modules pick (with Spark's
    // Scala module on the classpath, Scala maps): compare them as JSON.
    JsonNode config = RunManifest.JSON.valueToTree(m.config);
    assertThat(config.path("job").asText()).isEqualTo("sweep");
    assertThat(config.path("sweep").path("backend").asText()).isEqualTo("djl");
    assertThat(config.path("sweep").path("epochs").asInt()).isEqualTo(1);
    assertThat(config.path("sweep").path("mlp").path("learning-rates").toString()).isEqualTo("[0.001,0.003]");
    assertThat(config.path("engine").path("run-dir").asText()).isEqualTo("runs/sweep-quick");
    assertThat(m.engine).containsEntry("master", "local[*]").containsEntry("checkpointEvery", 100)
        .containsEntry("order", "lpt");
    assertThat(m.versions).containsEntry("spark", "3.5.9").containsEntry("djl", "0.36.0")
        .containsEntry("dl4j", "1.0.0-M2.1").containsEntry("hadoop", "3.3.4");
    assertThat(m.drivers()).containsExactly(new DriverRun("vm", 29129, "local[*,4]", "local-1795976293782",
        1795976295838L, 1795976544577L, "succeeded"));
    assertThat(m.merge).containsEntry("report", "file:/work/wt/benchfix/runs/sweep-quick/report/index.html");

    assertThat(m.units.keySet()).containsExactly("djl-mlp-128-lr0.001-5b740447dc", "djl-cnn-16x32x128-lr0.001-fee42be0f0");
    assertThat(m.count(UnitState.COMMITTED)).isEqualTo(2);
    UnitEntry mlp = m.unit("djl-mlp-128-lr0.001-5b740447dc");
    assertThat(mlp.kind).isEqualTo("sweep-train");
    assertThat(mlp.name).isEqualTo("djl-mlp-128-lr0.001");
    assertThat(mlp.cost).isEqualTo(0.2597640005818182);
    assertThat(mlp.cpus).isEqualTo(1);
    assertThat(mlp.spec().path("model").path("widths").get(0).asInt()).isEqualTo(128);
    assertThat(mlp.spec().path("steps").asInt()).isEqualTo(157);
    assertThat(mlp.state).isEqualTo(UnitState.COMMITTED);
    assertThat(mlp.attempts).containsExactly(new AttemptRecord(0, 0, "driver", "vm", 29129, "COMMITTED",
        1795976350108L, 1795976354484L, -1, null, 0));
    assertThat(mlp.unitAttempts()).isEqualTo(1);
    assertThat(mlp.metrics).containsEntry("accuracy", 0.809).containsEntry("params", 101770.0)
        .containsEntry("train_flops", 1.2254380032E10).hasSize(13);
    assertThat(mlp.facts).isEqualTo(Map.of("backend", "djl", "model", "mlp-128-lr0.001",
        "artifact", "model.bin", "optimizer_state_restored", "true"));
    assertThat(mlp.seconds).isEqualTo(4.376);
    assertThat(mlp.committedMillis).isEqualTo(1795976354484L);
    assertThat(mlp.lastError).isNull();

    UnitEntry cnn = m.unit("djl-cnn-16x32x128-lr0.001-fee42be0f0");
    assertThat(cnn.spec().path("model").path("kind").asText()).isEqualTo("cnn");
    assertThat(cnn.metrics).containsEntry("accuracy", 0.8194).containsEntry("params", 215370.0);
    assertThat(List.of(cnn.attempts.get(0).outcome(), cnn.attempts.get(0).driverRun())).containsExactly("COMMITTED", 0);
  }
}
