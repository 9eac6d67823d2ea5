package dev.flotilla.jobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.manifest.DriverRun;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.jobs.JobKinds;
import dev.flotilla.jobs.testing.CliProcess;
import dev.flotilla.jobs.testing.CommittedUnits;
import dev.flotilla.jobs.testing.Sparks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver (the real CLI, its own JVM, 1 GB heap) of 10^4 tiny units batched several per Spark
 * task is SIGKILLed mid-run; the rerun runs only the units not committed, none is committed
 * twice, and keeping the run record costs the second driver a bounded number of bytes per
 * commit (a record rewritten per commit would cost megabytes each at this size).
 */
class ResumeAtScaleTest {

  private static final int UNITS = 10_000;

  @TempDir Path tmp;

  @Test
  void aKilledDriverOfTenThousandBatchedUnitsIsFinishedByTheNext() throws Exception {
    Path runDir = tmp.resolve("run");
    Path conf = tmp.resolve("burn.conf");
    Files.writeString(conf, """
        job = burn
        engine { run-dir = "%s", master = "local[2]", progress = false, ui = false, units-per-task = auto }
        burn.seconds = [%s]
        """.formatted(runDir.toUri(), String.join(", ", Collections.nCopies(UNITS, "0"))));
    Process driver = CliProcess.run(conf, tmp.resolve("driver.log"));
    CommittedUnits.await(runDir.resolve("units"), UNITS / 4, driver, Duration.ofMinutes(5), Duration.ofMillis(250));
    driver.destroyForcibly(); // SIGKILL mid-run: batches in flight are cut, the lock stays
    assertThat(driver.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Set<String> committedBeforeKill = CommittedUnits.in(runDir.resolve("units"));
    assertThat(committedBeforeKill.size()).isBetween(UNITS / 4, UNITS - 1);

    JobSpec job = JobKinds.fromFile(conf.toFile(), List.of());
    SparkSession spark = Sparks.local();
    RunManifest m;
    try {
      m = Flotilla.run(spark, job);
    } finally {
      spark.stop();
    }
    assertThat(m.drivers()).hasSize(2);
    assertThat(m.drivers().get(0).outcome()).isEqualTo("died");
    assertThat(m.count(UnitState.COMMITTED)).isEqualTo(UNITS);
    assertThat(CommittedUnits.in(runDir.resolve("units"))).hasSize(UNITS);
    int reran = 0;
    for (UnitEntry e : m.units.values()) {
      assertThat(e.attempts.stream().filter(a -> "COMMITTED".equals(a.outcome())).count())
          .as(e.id + " committed once").isLessThanOrEqualTo(1);
      boolean ranAgain = e.attempts.stream().anyMatch(a -> a.driverRun() == 1);
      if (committedBeforeKill.contains(e.id)) {
        assertThat(ranAgain).as(e.id + " was committed before the kill").isFalse();
      } else {
        assertThat(ranAgain).as(e.id + " was missing").isTrue();
        reran++;
      }
    }
    assertThat(reran).isEqualTo(UNITS - committedBeforeKill.size());

    DriverRun second = m.drivers().get(1);
    assertThat(second.recordWrites()).isPositive();
    assertThat(second.recordBytes() / reran).as("run-record bytes per commit").isLessThan(10_000);
  }
}
