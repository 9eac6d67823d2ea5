package dev.flotilla.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.driver.manifest.DriverRun;
import dev.flotilla.driver.manifest.Reconcile;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.RunStatus;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.driver.testing.DriverTestUnits.Echo;
import dev.flotilla.driver.testing.EchoJob;
import dev.flotilla.driver.testing.LocalSpark;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.UnitCodec;
import dev.flotilla.executors.unit.UnitRecordCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver end to end on real Spark ({@code local[2]}) and real files: commit, retry, repair. */
class JobRunnerTest {

  static SparkSession spark;
  @TempDir Path tmp;

  @BeforeAll
  static void spark() {
    spark = LocalSpark.session();
  }

  private EchoJob job(int retries, Echo... units) {
    return new EchoJob(LocalSpark.engine(tmp, retries), List.of(units));
  }

  private static Echo echo(String label, String text) {
    return new Echo(label, text, text.length(), "");
  }

  private RunDir dir() {
    return RunDir.at(tmp.toString(), new Configuration());
  }

  @Test
  void commitsEveryUnitWithItsOutputsAndMergesFromRecords() throws Exception {
    RunManifest m = Flotilla.run(spark, job(0, echo("a", "alpha"), echo("b", "be")));
    assertThat(m.count(UnitState.COMMITTED)).isEqualTo(2);
    assertThat(m.merge.get("report")).isNotNull();
    String id = UnitCodec.idOf(echo("a", "alpha"));
    assertThat(UnitRecordCodec.read(dir(), id).outputs()).singleElement()
        .satisfies(f -> assertThat(f.size()).isEqualTo(5));
    assertThat(Files.readString(tmp.resolve("report/report.json"))).contains("\"chars\" : 7.0");
  }

  @Test
  void retriesAFailedUnitAndRecordsBothAttempts() throws Exception {
    Path marker = tmp.resolve("fail-once");
    Files.writeString(marker, "1");
    Echo flaky = new Echo("flaky", "x", 1, marker.toString());
    RunManifest m = Flotilla.run(spark, job(1, flaky));
    UnitEntry e = m.unit(UnitCodec.idOf(flaky));
    assertThat(e.state).isEqualTo(UnitState.COMMITTED);
    assertThat(e.attempts).extracting(a -> a.outcome()).containsExactly("FAILED", "COMMITTED");
  }

  @Test
  void aUnitOutOfRetriesFailsAloneAndTheRerunRunsOnlyIt() throws Exception {
    Path marker = tmp.resolve("fail-3");
    Files.writeString(marker, "3");
    Echo bad = new Echo("bad", "x", 1, marker.toString());
    Echo good = echo("good", "fine");
    assertThatThrownBy(() -> Flotilla.run(spark, job(1, bad, good)))
        .isInstanceOf(RunFailedException.class).hasMessageContaining("1 of 2 units failed");
    RunManifest after = RunManifest.read(dir());
    assertThat(after.unit(UnitCodec.idOf(good)).state).isEqualTo(UnitState.COMMITTED);
    Files.writeString(marker, "0");
    RunManifest m = Flotilla.run(spark, job(1, bad, good));
    assertThat(m.count(UnitState.COMMITTED)).isEqualTo(2);
    assertThat(m.unit(UnitCodec.idOf(good)).attempts).hasSize(1);
  }

  @Test
  void aDeletedRecordOrOutputIsMovedAsideRerunAndReported() throws Exception {
    Echo a = echo("a", "alpha");
    Echo b = echo("b", "beta");
    Flotilla.run(spark, job(0, a, b));
    String idA = UnitCodec.idOf(a);
    String idB = UnitCodec.idOf(b);
    Files.delete(tmp.resolve("units").resolve(idA).resolve(RunDir.UNIT_RECORD));
    Files.delete(tmp.resolve("units").resolve(idB).resolve("echo.txt"));

    RunStatus st = RunStatus.read(dir(), Reconcile.Verify.SIZE, "here");
    assertThat(st.damaged()).containsOnlyKeys(idA, idB);
    assertThat(st.damaged().get(idB)).containsExactly("echo.txt: missing");

    RunManifest m = Flotilla.run(spark, new EchoJob(LocalSpark.engine(tmp, 0)
        .withVerifyCommitted(Reconcile.Verify.SIZE), List.of(a, b)));
    assertThat(m.count(UnitState.COMMITTED)).isEqualTo(2);
    for (String id : List.of(idA, idB)) {
      assertThat(m.unit(id).damage).singleElement().satisfies(d ->
          assertThat(Path.of(java.net.URI.create(d.movedTo()))).exists());
      assertThat(m.unit(id).attempts).extracting(x -> x.outcome()).containsExactly("COMMITTED", "COMMITTED");
      assertThat(UnitRecordCodec.verify(dir().fs(), dir().unit(id), UnitRecordCodec.read(dir(), id), true)).isEmpty();
    }
    assertThat(m.unit(idB).damage.get(0).problems()).containsExactly("echo.txt: missing");
  }

  @Test
  void aTruncatedManifestIsRebuiltFromTheCommittedUnits() throws Exception {
    Echo a = echo("a", "alpha");
    Flotilla.run(spark, job(0, a));
    Path manifest = tmp.resolve("manifest.json");
    String text = Files.readString(manifest);
    Files.writeString(manifest, text.substring(0, text.length() / 2));

    RunManifest m = Flotilla.run(spark, job(0, a));
    assertThat(m.unit(UnitCodec.idOf(a)).state).isEqualTo(UnitState.COMMITTED);
    assertThat(m.unit(UnitCodec.idOf(a)).metrics).containsEntry("chars", 5.0);
    assertThat(m.notices).singleElement().asString().contains("manifest rebuilt");
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("manifest.json.unreadable-"));
    }
  }

  @Test
  void garbageInTheLockAndLitterOfDeadDriversDoNotStopARun() throws Exception {
    Files.writeString(tmp.resolve("_lock"), "\u0000garbage{");
    Files.writeString(tmp.resolve(".manifest.json.tmp-1234"), "{");
    Files.createDirectories(tmp.resolve("_attempts/x-1/a0-t0-driver"));
    Files.writeString(tmp.resolve("_attempts/x-1/a0-t0-driver/_ATTEMPT.json"), "");
    RunManifest m = Flotilla.run(spark, job(0, echo("a", "alpha")));
    assertThat(m.count(UnitState.COMMITTED)).isEqualTo(1);
    assertThat(tmp.resolve(".manifest.json.tmp-1234")).doesNotExist();
    assertThat(tmp.resolve("_attempts/x-1")).doesNotExist();
    assertThat(tmp.resolve("_lock")).doesNotExist();
  }

  @Test
  void aDriverThatDiedIsShownDeadAndItsInFlightAttemptsLost() throws Exception {
    Echo a = echo("a", "alpha");
    Flotilla.run(spark, job(0, a));
    RunDir dir = dir();
    RunManifest m = RunManifest.read(dir);
    DriverRun last = m.drivers.get(0);
    m.drivers.set(0, new DriverRun(last.host(), 999_999_999L, last.master(), last.sparkAppId(),
        last.startMillis(), 0, "running"));
    m.unit(UnitCodec.idOf(a)).state = UnitState.RUNNING;
    m.write(dir);
    assertThat(RunStatus.read(dir, Reconcile.Verify.SIZE, "here").outcomeOf(m.drivers.get(0)))
        .isEqualTo("died (no live lock)");

    RunManifest after = Flotilla.run(spark, job(0, a));
    assertThat(after.drivers.get(0).outcome()).isEqualTo("died");
    assertThat(after.unit(UnitCodec.idOf(a)).attempts).extracting(x -> x.outcome())
        .containsExactly("COMMITTED", "LOST_WITH_DRIVER");
    assertThat(after.unit(UnitCodec.idOf(a)).state).isEqualTo(UnitState.COMMITTED);
  }

  @Test
  void aRunDirRefusesAnotherPlanUnlessExtendedAndRecordsTheExtension() throws Exception {
    Echo a = echo("a", "alpha");
    Echo b = echo("b", "beta");
    Flotilla.run(spark, job(0, a));
    assertThatThrownBy(() -> Flotilla.run(spark, job(0, a, b)))
        .isInstanceOf(PlanMismatchException.class)
        .hasMessageContaining("adds 1 unit(s) [" + UnitCodec.idOf(b) + "]")
        .hasMessageContaining("drops 0 unit(s)").hasMessageContaining("--extend");
    assertThat(RunManifest.read(dir()).units).hasSize(1);

    RunManifest m = Flotilla.extend(spark, job(0, a, b));
    assertThat(m.count(UnitState.COMMITTED)).isEqualTo(2);
    assertThat(m.plans).extracting(p -> p.how()).containsExactly("created", "extended");
    // Both recorded plans are now this run dir's own: either config resumes without --extend.
    assertThat(Flotilla.run(spark, job(0, a)).units).hasSize(2);
    assertThat(Flotilla.run(spark, job(0, a, b)).count(UnitState.COMMITTED)).isEqualTo(2);

    // Another run seed changes what every unit computes: refused, whatever the plan.
    EngineSettings otherSeed = new EngineSettings(tmp.toUri().toString(), "local[2]", 1, 0, 2, 50, 0,
        7, "lpt", false);
    assertThatThrownBy(() -> Flotilla.run(spark, new EchoJob(otherSeed, List.of(a, b))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was made with engine.seed = 42; this config has engine.seed = 7");
  }

  @Test
  void aLastingFaultStopsTheRunEarlyInsteadOfSpendingEveryRetry() throws Exception {
    Echo[] broken = new Echo[6];
    for (int i = 0; i < broken.length; i++) {
      broken[i] = new Echo("broken-" + i, "x", 1, "always:no jnind4jcpu in java.library.path");
    }
    assertThatThrownBy(() -> Flotilla.run(spark, job(3, broken)))
        .isInstanceOf(RunStoppedException.class)
        .hasMessageContaining("lasting fault, every attempt fails with: java.lang.IllegalStateException: "
            + "no jnind4jcpu in java.library.path");
    RunManifest m = RunManifest.read(dir());
    long attempts = m.units.values().stream().mapToLong(e -> e.attempts.size()).sum();
    // 6 units x 4 attempts would be 24; the run stops after the third identical failure (plus
    // the attempts already in flight on the two slots, which report back).
    assertThat(attempts).isLessThan(12);
    assertThat(m.count(UnitState.FAILED)).isZero();
    assertThat(m.drivers.get(0).outcome()).isEqualTo("stopped");
    assertThat(tmp.resolve("_lock")).doesNotExist();
  }
}
