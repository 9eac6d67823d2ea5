package dev.flotilla.jobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.manifest.AttemptRecord;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.jobs.testing.CliProcess;
import dev.flotilla.jobs.testing.ClusterScript;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster — master and two workers, each its own JVM, started by
 * {@code scripts/cluster} from the build's jars — runs the CLI's units: Flotilla's classes reach
 * the executors only through the application jar the session ships. A whole worker (its JVM and
 * its executor) is killed in the middle of a unit: the unit is retried on the other worker and
 * committed exactly once.
 */
class StandaloneClusterTest {

  @TempDir static Path cluster;
  @TempDir Path tmp;

  static int masterPort;

  @BeforeAll
  static void start() throws Exception {
    masterPort = freePort();
    String out = clusterScript("start", "2", "1", "1g");
    assertThat(out).contains("spark://127.0.0.1:" + masterPort + " with 2 worker(s)");
  }

  @AfterAll
  static void stop() throws Exception {
    clusterScript("stop");
  }

  @Test
  void cliUnitsRunOnTheWorkersAndAKilledWorkersUnitIsCommittedOnce() throws Exception {
    Path runDir = tmp.resolve("run");
    Path conf = tmp.resolve("burn.conf");
    Files.writeString(conf, """
        job = burn
        engine { run-dir = "%s", master = "spark://127.0.0.1:%d", progress = false }
        burn.seconds = [6, 6, 1, 1]
        """.formatted(runDir.toUri(), masterPort));
    Process driver = CliProcess.run(conf, tmp.resolve("driver.log"));

    Path attempt = awaitAttempt(runDir.resolve("_attempts"), driver);
    String unitId = attempt.getParent().getParent().getFileName().toString();
    long pid = new ObjectMapper().readTree(attempt.toFile()).path("pid").asLong();
    ProcessHandle executor = ProcessHandle.of(pid).orElseThrow();
    ProcessHandle worker = executor.parent().orElseThrow();
    assertThat(worker.info().commandLine().orElse("")).contains("org.apache.spark.deploy.worker.Worker");
    worker.destroyForcibly();
    executor.destroyForcibly();

    assertThat(driver.waitFor(300, TimeUnit.SECONDS)).as("driver finished").isTrue();
    assertThat(driver.exitValue()).as(Files.readString(tmp.resolve("driver.log"))).isZero();
    System.out.println(Files.readString(tmp.resolve("driver.log")));
    RunManifest m = Flotilla.status(runDir.toUri().toString(), new Configuration());
    assertThat(m.count(UnitState.COMMITTED)).isEqualTo(4);
    List<AttemptRecord> all = m.units.values().stream().flatMap(e -> e.attempts.stream()).toList();
    assertThat(all).as("no unit ran in the driver").allMatch(a -> !"driver".equals(a.executorId()));
    UnitEntry killed = m.unit(unitId);
    assertThat(killed.attempts).extracting(AttemptRecord::outcome).contains("TASK_LOST").endsWith("COMMITTED");
    assertThat(killed.attempts.get(killed.attempts.size() - 1).pid()).as("retried on the other worker")
        .isNotEqualTo(executor.pid());
    try (Stream<Path> outputs = Files.list(runDir.resolve("units"))) {
      assertThat(outputs.filter(p -> p.getFileName().toString().startsWith(killed.id))).hasSize(1);
    }
    assertThat(clusterScript("status")).contains("1 of 2 worker(s) alive");
  }

  /** The record of the first attempt of any unit, once it names the executor's pid. */
  static Path awaitAttempt(Path attempts, Process driver) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline && driver.isAlive()) {
      if (Files.isDirectory(attempts)) {
        try (Stream<Path> units = Files.list(attempts)) {
          for (Path unit : (Iterable<Path>) units::iterator) {
            try (Stream<Path> s = Files.list(unit)) {
              Optional<Path> a = s.map(p -> p.resolve("_ATTEMPT.json")).filter(Files::exists).findFirst();
              if (a.isPresent()) {
                com.fasterxml.jackson.databind.JsonNode read = new ObjectMapper().readTree(a.get().toFile());
                if (read != null && read.path("pid").asLong() > 0) {
                  return a.get();
                }
              }
            }
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no unit attempt started (driver alive: " + driver.isAlive() + ")");
  }

  static String clusterScript(String... args) throws IOException, InterruptedException {
    ClusterScript.Result r = ClusterScript.run(Map.of("FLOTILLA_CLUSTER_DIR", cluster.toString(),
        "FLOTILLA_MASTER_PORT", Integer.toString(masterPort), "FLOTILLA_MASTER_UI_PORT", Integer.toString(freePort())),
        args);
    if (!args[0].equals("status")) {
      assertThat(r.exitCode()).as(r.output()).isZero();
    }
    return r.output();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
