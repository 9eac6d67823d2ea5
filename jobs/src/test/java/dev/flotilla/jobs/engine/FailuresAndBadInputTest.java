package dev.flotilla.jobs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.RunFailedException;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.jobs.JobKinds;
import dev.flotilla.jobs.burn.BurnUnit;
import dev.flotilla.jobs.testing.LocalSparkBase;
import dev.flotilla.jobs.testing.Sparks;
import dev.flotilla.jobs.testing.TestUnits;
import dev.flotilla.executors.rundir.RunDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailuresAndBadInputTest extends LocalSparkBase {

  @TempDir Path tmp;

  @Test
  void aUnitThatAlwaysThrowsIsMarkedFailedAndTheOthersCommit() throws Exception {
    var job = new TestUnits.UnitsJob(Sparks.engine("local[2]", tmp),
        List.of(new BurnUnit(0, 0.2), new TestUnits.AlwaysFails("doomed"), new BurnUnit(1, 0.3)));
    assertThatThrownBy(() -> Flotilla.run(spark, job))
        .isInstanceOf(RunFailedException.class)
        .hasMessageContaining("1 of 3 units failed")
        .hasMessageContaining("unit doomed")
        .hasMessageContaining("fails on purpose");
    RunManifest m = Flotilla.status(tmp.toString(), new Configuration());
    for (UnitEntry e : m.units.values()) {
      if (e.name.equals("doomed")) {
        assertThat(e.state).isEqualTo(UnitState.FAILED);
        assertThat(e.unitAttempts()).as("1 attempt + engine.unit-retries = 1").isEqualTo(2);
        assertThat(e.lastError).contains("attempt 1");
        assertThat(Files.exists(tmp.resolve("units").resolve(e.id))).isFalse();
      } else {
        assertThat(e.state).isEqualTo(UnitState.COMMITTED);
      }
    }
    assertThat(m.drivers().get(0).outcome()).isEqualTo("failed");
    assertThat(tmp.resolve("report/index.html")).exists();
    assertThat(Files.exists(tmp.resolve("_lock"))).as("lock released after a failed run").isFalse();
  }

  @Test
  void unitsSharingATaskCommitOneByOneAndAFailingOneIsRetriedAlone() throws Exception {
    List<dev.flotilla.executors.unit.WorkUnit> units = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      units.add(new TestUnits.FailsFirst(i, i == 5));
    }
    var job = new TestUnits.UnitsJob(Sparks.engine("local[2]", tmp).withUnitsPerTask(4), units);
    RunManifest m = Flotilla.run(spark, job);
    assertThat(m.count(UnitState.COMMITTED)).isEqualTo(12);
    for (UnitEntry e : m.units.values()) {
      List<String> outcomes = e.attempts.stream().map(a -> a.outcome()).toList();
      if (e.name.endsWith("-flaky")) {
        assertThat(outcomes).as("failed in its shared task, then retried alone").containsExactly("FAILED", "COMMITTED");
      } else {
        assertThat(outcomes).as(e.name + " committed once, in a shared task").containsExactly("COMMITTED");
      }
      assertThat(Files.exists(tmp.resolve("units").resolve(e.id).resolve("_UNIT.json"))).isTrue();
    }
    // A job's group is named after its first unit: 12 units in tasks of 4, plus the retry.
    int jobs = m.units.keySet().stream()
        .mapToInt(id -> spark.sparkContext().statusTracker().getJobIdsForGroup("flotilla:" + id).length).sum();
    assertThat(jobs).isEqualTo(4);
  }

  @Test
  void aPlanLargerThanTheUnitsInFlightStillRunsInWholeTasks() throws Exception {
    // local[2] with 4 units per task holds at most 8 tasks (32 units) in flight; the units of a
    // task report back together, and each freed place must not become a one-unit task.
    List<dev.flotilla.executors.unit.WorkUnit> units = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      units.add(new TestUnits.FailsFirst(1000 + i, false)); // ids of their own: job groups are counted by unit id
    }
    var job = new TestUnits.UnitsJob(Sparks.engine("local[2]", tmp).withUnitsPerTask(4), units);
    RunManifest m = Flotilla.run(spark, job);
    assertThat(m.count(UnitState.COMMITTED)).isEqualTo(200);
    int jobs = m.units.keySet().stream()
        .mapToInt(id -> spark.sparkContext().statusTracker().getJobIdsForGroup("flotilla:" + id).length).sum();
    assertThat(jobs).as("Spark jobs (one task each) for 200 units in tasks of 4").isEqualTo(50);
  }

  @Test
  void unitsReadingAFailedUnitAreNotRunAndSayWhy() throws Exception {
    var engine = Sparks.engine("local[2]", tmp);
    var doomed = dev.flotilla.driver.plan.PlannedUnit.of(new TestUnits.AlwaysFails("upstream"), 1);
    var after = dev.flotilla.driver.plan.PlannedUnit.of(new BurnUnit(7, 0.1), 1, List.of(doomed));
    var independent = dev.flotilla.driver.plan.PlannedUnit.of(new BurnUnit(8, 0.1), 1);
    dev.flotilla.driver.JobSpec dag = new dev.flotilla.driver.JobSpec() {
      @Override public String kind() { return "units"; }
      @Override public dev.flotilla.driver.EngineSettings engine() { return engine; }
      @Override public java.util.Map<String, Object> config() { return java.util.Map.of(); }
      @Override public dev.flotilla.driver.plan.Plan plan() {
        return new dev.flotilla.driver.plan.Plan(List.of(doomed, after, independent));
      }
      @Override public void merge(dev.flotilla.driver.MergeContext run, dev.flotilla.driver.report.Report r) { }
    };
    assertThatThrownBy(() -> Flotilla.run(spark, dag)).hasMessageContaining("2 of 3 units failed");
    RunManifest m = Flotilla.status(tmp.toString(), new Configuration());
    assertThat(m.unit(after.id()).state).isEqualTo(UnitState.FAILED);
    assertThat(m.unit(after.id()).attempts).isEmpty();
    assertThat(m.unit(after.id()).lastError).contains("not run: its input unit " + doomed.id() + " failed");
    assertThat(m.unit(independent.id()).state).isEqualTo(UnitState.COMMITTED);
  }

  @Test
  void unknownKeyIsNamedWithItsFileAndLine() throws Exception {
    Path conf = tmp.resolve("bad.conf");
    Files.writeString(conf, "job = burn\nengine {\n  cpus-per-unti = 2\n}\n");
    assertThatThrownBy(() -> JobKinds.fromFile(conf.toFile(), List.of()))
        .hasMessageContaining("unknown config key(s) [engine.cpus-per-unti")
        .hasMessageContaining("bad.conf: 3");
  }

  @Test
  void wrongTypeIsNamed() throws Exception {
    Path conf = tmp.resolve("bad.conf");
    Files.writeString(conf, "job = burn\nengine.checkpoint-every = often\n");
    assertThatThrownBy(() -> JobKinds.fromFile(conf.toFile(), List.of()))
        .hasMessageContaining("bad.conf:2: engine.checkpoint-every = often")
        .hasMessageContaining("must be a number");
  }

  @Test
  void negativeCpusAreRefused() throws Exception {
    Path conf = tmp.resolve("ok.conf");
    Files.writeString(conf, "job = burn\n");
    assertThatThrownBy(() -> JobKinds.fromFile(conf.toFile(), List.of("engine.cpus-per-unit=-1")))
        .hasMessageContaining("engine.cpus-per-unit = -1: must be >= 1");
  }

  @Test
  void unknownJobKindAndMissingJobKey() throws Exception {
    Path conf = tmp.resolve("x.conf");
    Files.writeString(conf, "job = sweeep\n");
    assertThatThrownBy(() -> JobKinds.fromFile(conf.toFile(), List.of()))
        .hasMessageContaining("unknown job kind 'sweeep'").hasMessageContaining("sweep");
    Files.writeString(conf, "engine.seed = 1\n");
    assertThatThrownBy(() -> JobKinds.fromFile(conf.toFile(), List.of()))
        .hasMessageContaining("missing key 'job'");
  }

  @Test
  void unreachableRunDirIsNamed() {
    var job = new TestUnits.UnitsJob(Sparks.engine("local[2]", tmp).withRunDir("nosuchfs://bucket/run"),
        List.of(new BurnUnit(0, 0.1)));
    assertThatThrownBy(() -> Flotilla.run(spark, job))
        .hasMessageContaining("engine.run-dir = nosuchfs://bucket/run is unreachable")
        .hasMessageContaining("No FileSystem for scheme");
    Path file = tmp.resolve("a-file");
    var underFile = new TestUnits.UnitsJob(Sparks.engine("local[2]", tmp).withRunDir(file.resolve("run").toUri().toString()),
        List.of(new BurnUnit(0, 0.1)));
    assertThatThrownBy(() -> {
      Files.writeString(file, "not a directory");
      Flotilla.run(spark, underFile);
    }).hasMessageContaining("is unreachable");
  }

  @Test
  void aSecondDriverOnALockedRunDirIsRefused() throws Exception {
    try (var lock = dev.flotilla.driver.manifest.RunLock.acquire(RunDir.at(tmp.toString(), new Configuration()))) {
      var job = new TestUnits.UnitsJob(Sparks.engine("local[2]", tmp), List.of(new BurnUnit(0, 0.1)));
      assertThatThrownBy(() -> Flotilla.run(spark, job))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is in use by driver pid");
    }
  }

  @Test
  void aBackendWithoutTheModelKindFailsAtPlanTime() {
    // Both backends have mlp and cnn; an unknown backend is the plan-time error a user can hit.
    assertThatThrownBy(() -> Sparks.job("job = sweep\nsweep.backend = tensorflow\n"))
        .hasMessageContaining("sweep.backend = tensorflow: unknown backend");
    assertThatThrownBy(() -> Sparks.job("job = sweep\nsweep.mlp.widths = [[0]]\n"))
        .hasMessageContaining("sweep.mlp.widths = [[0]]: each entry must be a list of integers >= 1");
  }
}
