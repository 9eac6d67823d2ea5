package dev.flotilla.jobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.driver.manifest.AttemptRecord;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.executors.rundir.RunDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a running driver (the real CLI in its own JVM): in-flight units are cancelled and
 * recorded as such (not "failed, retrying"), the lock is released, the exit status is 143, and a
 * rerun finishes the rest.
 */
class StopOnSignalTest {

  @TempDir Path tmp;

  @Test
  void sigtermCancelsRecordsReleasesAndExits143() throws Exception {
    Path runDir = tmp.resolve("run");
    Path conf = tmp.resolve("burn.conf");
    Files.writeString(conf, """
        job = burn
        engine { run-dir = "%s", master = "local[2]", progress = false }
        burn.seconds = [3, 3, 3, 3, 3, 3]
        """.formatted(runDir));
    Process driver = dev.flotilla.jobs.testing.CliProcess.run(conf, tmp.resolve("driver.log"));
    awaitRunning(runDir, driver);
    driver.destroy(); // SIGTERM
    assertThat(driver.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(tmp.resolve("driver.log"));
    assertThat(driver.exitValue()).as(log).isEqualTo(143);
    assertThat(log).contains("flotilla: stopping");
    assertThat(runDir.resolve("_lock")).as("lock released").doesNotExist();

    RunManifest m = RunManifest.read(RunDir.at(runDir.toString(), new Configuration()));
    assertThat(m.drivers.get(0).outcome()).isEqualTo("cancelled");
    assertThat(m.count(UnitState.FAILED)).isZero();
    assertThat(m.count(UnitState.RUNNING)).isZero();
    List<String> outcomes = m.units.values().stream().flatMap(e -> e.attempts.stream())
        .map(AttemptRecord::outcome).toList();
    assertThat(outcomes).contains("CANCELLED").doesNotContain("FAILED", "JOB_FAILED");

    Process again = dev.flotilla.jobs.testing.CliProcess.run(conf, tmp.resolve("again.log"));
    assertThat(again.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(again.exitValue()).as(Files.readString(tmp.resolve("again.log"))).isZero();
  }

  /** Waits until the run record (snapshot + journal) shows a unit running. */
  private static void awaitRunning(Path runDir, Process driver) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    Path manifest = runDir.resolve("manifest.json");
    while (System.nanoTime() < deadline) {
      if (Files.exists(manifest) && RunManifest.read(RunDir.at(runDir.toString(), new Configuration()))
          .count(UnitState.RUNNING) > 0) {
        Thread.sleep(500);
        return;
      }
      if (!driver.isAlive()) {
        throw new AssertionError("the driver exited early (code " + driver.exitValue() + ")");
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no unit started in " + runDir);
  }
}
