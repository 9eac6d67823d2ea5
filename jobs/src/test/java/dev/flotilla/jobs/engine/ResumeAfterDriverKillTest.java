package dev.flotilla.jobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.manifest.AttemptRecord;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.jobs.JobKinds;
import dev.flotilla.jobs.testing.CommittedUnits;
import dev.flotilla.jobs.testing.Sparks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver (the real CLI, in its own JVM) is killed with SIGKILL after some units committed;
 * rerunning on the same run dir takes over its stale lock and runs only the missing units.
 */
class ResumeAfterDriverKillTest {

  @TempDir Path tmp;

  @Test
  void onlyTheMissingUnitsRunAgain() throws Exception {
    Path runDir = tmp.resolve("run");
    Path conf = tmp.resolve("burn.conf");
    Files.writeString(conf, """
        job = burn
        engine { run-dir = "%s", master = "local[2]", progress = false }
        burn.seconds = [1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5]
        """.formatted(runDir.toUri()));
    Process driver = dev.flotilla.jobs.testing.CliProcess.run(conf, tmp.resolve("driver.log"));

    Set<String> committedBeforeKill = CommittedUnits.await(runDir.resolve("units"), 2, driver, Duration.ofSeconds(120), Duration.ofMillis(20));
    driver.destroyForcibly(); // SIGKILL: no shutdown hooks, the lock file stays behind
    assertThat(driver.waitFor(30, TimeUnit.SECONDS)).isTrue();
    committedBeforeKill = CommittedUnits.in(runDir.resolve("units"));
    assertThat(committedBeforeKill).hasSizeBetween(2, 7);
    assertThat(runDir.resolve("_lock")).as("the killed driver's lock remains").exists();

    JobSpec job = JobKinds.fromFile(conf.toFile(), List.of());
    SparkSession spark = Sparks.local();
    RunManifest m;
    try {
      m = Flotilla.run(spark, job);
    } finally {
      spark.stop();
    }
    assertThat(m.drivers()).hasSize(2);
    assertThat(m.count(UnitState.COMMITTED)).isEqualTo(8);
    for (UnitEntry e : m.units.values()) {
      List<AttemptRecord> second = e.attempts.stream().filter(a -> a.driverRun() == 1).toList();
      if (committedBeforeKill.contains(e.id)) {
        assertThat(second).as(e.id + " was committed before the kill").isEmpty();
      } else {
        assertThat(second).as(e.id + " ran again").extracting(AttemptRecord::outcome).containsExactly("COMMITTED");
      }
    }
  }

  /**
   * Four hundred tiny units, the driver killed mid-run: the run record it leaves (snapshot plus
   * journal) already knows the commits, the rerun runs only the missing units, and no unit is
   * committed twice.
   */
  @Test
  void aKilledDriverOfManyTinyUnitsLeavesARecordTheNextOneFinishes() throws Exception {
    int n = 400;
    Path runDir = tmp.resolve("many");
    Path conf = tmp.resolve("many.conf");
    Files.writeString(conf, """
        job = burn
        engine { run-dir = "%s", master = "local[2]", progress = false, ui = false, units-per-task = 1 }
        burn.seconds = [%s]
        """.formatted(runDir.toUri(), String.join(", ", java.util.Collections.nCopies(n, "0"))));
    Process driver = dev.flotilla.jobs.testing.CliProcess.run(conf, tmp.resolve("many.log"));
    CommittedUnits.await(runDir.resolve("units"), 100, driver, Duration.ofSeconds(120), Duration.ofMillis(20));
    driver.destroyForcibly();
    assertThat(driver.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Set<String> committedBeforeKill = CommittedUnits.in(runDir.resolve("units"));
    assertThat(committedBeforeKill.size()).isLessThan(n);

    RunManifest left = RunManifest.read(dev.flotilla.executors.rundir.RunDir.at(runDir.toString(),
        new org.apache.hadoop.conf.Configuration()));
    // The journal is written right after each commit: at most the units in flight are not in it.
    assertThat(left.count(UnitState.COMMITTED)).isGreaterThanOrEqualTo(committedBeforeKill.size() - 8);

    JobSpec job = JobKinds.fromFile(conf.toFile(), List.of());
    SparkSession spark = Sparks.local();
    RunManifest m;
    try {
      m = Flotilla.run(spark, job);
    } finally {
      spark.stop();
    }
    assertThat(m.count(UnitState.COMMITTED)).isEqualTo(n);
    for (UnitEntry e : m.units.values()) {
      assertThat(e.attempts.stream().filter(a -> "COMMITTED".equals(a.outcome())).count())
          .as(e.id + " committed once").isLessThanOrEqualTo(1);
      if (committedBeforeKill.contains(e.id)) {
        assertThat(e.attempts.stream().filter(a -> a.driverRun() == 1)).as(e.id).isEmpty();
      }
    }
  }
}
