package dev.flotilla.jobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.manifest.AttemptRecord;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.jobs.testing.Sparks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark's own authentication and RPC encryption, turned on through {@code engine.spark-conf}, reach
 * a cluster untouched: units run in executor JVMs that had to authenticate, and the shared secret
 * is in no file of the run.
 */
class LocalClusterAuthTest {

  @TempDir Path work;
  @TempDir Path runDir;

  @Test
  void authenticatedEncryptedClusterRunsUnitsAndKeepsTheSecretOutOfTheRunDir() throws Exception {
    String secret = "flotilla-" + UUID.randomUUID();
    Map<String, String> auth = Map.of("spark.authenticate", "true",
        "spark.authenticate.secret", secret, "spark.network.crypto.enabled", "true");
    JobSpec job = Sparks.job("""
        job = burn
        engine {
          run-dir = "%s"
          master = "local-cluster[2,1,1024]"
          progress = false
          spark-conf {
            "spark.authenticate" = true
            "spark.authenticate.secret" = "%s"
            "spark.network.crypto.enabled" = true
          }
        }
        burn.seconds = [0.5, 0.5, 0.5]
        """.formatted(runDir.toUri(), secret));
    assertThat(job.engine().sparkConf()).isEqualTo(auth);
    SparkSession spark = Sparks.localCluster(work, job.engine().sparkConf());
    RunManifest m;
    try {
      assertThat(spark.sparkContext().getConf().get("spark.authenticate.secret")).isEqualTo(secret);
      assertThat(spark.sparkContext().getConf().get("spark.network.crypto.enabled")).isEqualTo("true");
      m = Flotilla.run(spark, job);
    } finally {
      spark.stop();
    }
    assertThat(m.count(UnitState.COMMITTED)).isEqualTo(3);
    long driverPid = ProcessHandle.current().pid();
    List<AttemptRecord> attempts = m.units.values().stream().flatMap(e -> e.attempts.stream()).toList();
    assertThat(attempts).as("units ran in executor JVMs").allMatch(a -> a.pid() != driverPid);
    try (Stream<Path> all = Files.walk(runDir)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1))
            .as(runDir.relativize(p).toString()).doesNotContain(secret);
      }
    }
  }
}
