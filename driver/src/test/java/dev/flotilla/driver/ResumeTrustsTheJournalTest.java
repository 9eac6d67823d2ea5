package dev.flotilla.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.driver.manifest.Reconcile;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.testing.CountingFileSystem;
import dev.flotilla.driver.testing.CountingFileSystem.Call;
import dev.flotilla.driver.testing.DriverTestUnits.Tick;
import dev.flotilla.driver.testing.LocalSpark;
import dev.flotilla.executors.unit.UnitCodec;
import dev.flotilla.executors.unit.WorkUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver resuming a run trusts its run record (manifest + journal) for the units it knows as
 * committed: counted on a file system where every call would be a request to an object store.
 */
class ResumeTrustsTheJournalTest {

  static SparkSession spark;
  @TempDir Path tmp;

  @BeforeAll
  static void spark() {
    spark = LocalSpark.session();
    CountingFileSystem.register(spark.sparkContext().hadoopConfiguration());
  }

  /** A job whose merge reads nothing: the calls counted are the driver's own. */
  record QuietJob(EngineSettings engine, List<? extends WorkUnit> units) implements JobSpec {
    @Override public String kind() { return "echo"; }
    @Override public Map<String, Object> config() { return Map.of("units", units.size()); }
    @Override public Plan plan() { return new Plan(units.stream().map(u -> PlannedUnit.of(u, 1)).toList()); }
    @Override public void merge(MergeContext run, Report report) { }
  }

  private static List<Tick> units(int n) {
    return IntStream.range(0, n).mapToObj(Tick::new).toList();
  }

  private List<Call> underUnits(List<Call> calls) {
    String units = tmp.resolve("units").toString();
    return calls.stream().filter(c -> c.path().startsWith(units)).toList();
  }

  @Test
  void resumingTwoThousandCommittedUnitsListsTheirFolderOnceAndOpensNoUnit() throws Exception {
    List<Tick> units = units(2000);
    EngineSettings local = LocalSpark.engine(tmp, 0).withUnitsPerTask(200);
    assertThat(Flotilla.run(spark, new QuietJob(local, units)).count(UnitState.COMMITTED)).isEqualTo(2000);
    EngineSettings counted = local.withRunDir(CountingFileSystem.SCHEME + "://" + tmp.toAbsolutePath());

    CountingFileSystem.reset();
    RunManifest m = Flotilla.run(spark, new QuietJob(counted, units));
    List<Call> calls = CountingFileSystem.calls();
    assertThat(m.count(UnitState.COMMITTED)).isEqualTo(2000);
    assertThat(m.drivers).hasSize(2);
    assertThat(underUnits(calls)).containsExactly(new Call("listStatus", tmp.resolve("units").toString()));
    // Lock, litter, manifest and journal, report: a bound that does not grow with the plan.
    assertThat(calls).as("%s", calls).hasSizeLessThan(100);

    // The same resume checking every committed unit's record and files: what the record saves.
    CountingFileSystem.reset();
    Flotilla.run(spark, new QuietJob(counted.withVerifyCommitted(Reconcile.Verify.SIZE), units));
    assertThat(underUnits(CountingFileSystem.calls()).size()).isGreaterThanOrEqualTo(2 * 2000);
  }

  @Test
  void aUnitTheRecordDoesNotKnowIsCheckedAndOneWhoseFolderIsGoneRunsAgain() throws Exception {
    List<Tick> units = units(20);
    EngineSettings local = LocalSpark.engine(tmp, 0).withUnitsPerTask(5);
    Flotilla.run(spark, new QuietJob(local, units));
    String gone = UnitCodec.idOf(units.get(3));
    String unknown = UnitCodec.idOf(units.get(7));
    // A driver killed between a commit and its journal write: the record still says RUNNING.
    RunManifest m = RunManifest.read(dev.flotilla.executors.rundir.RunDir.at(tmp.toString(),
        new org.apache.hadoop.conf.Configuration()));
    m.unit(unknown).state = UnitState.RUNNING;
    m.unit(unknown).attempts.clear();
    m.write(dev.flotilla.executors.rundir.RunDir.at(tmp.toString(), new org.apache.hadoop.conf.Configuration()));
    try (var files = Files.walk(tmp.resolve("units").resolve(gone))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }

    RunManifest after = Flotilla.run(spark, new QuietJob(local, units));
    assertThat(after.count(UnitState.COMMITTED)).isEqualTo(20);
    assertThat(after.unit(gone).damage).singleElement()
        .satisfies(d -> assertThat(d.problems()).containsExactly("the committed unit directory is gone"));
    assertThat(after.unit(gone).attempts).extracting(a -> a.driverRun()).containsExactly(0, 1);
    assertThat(after.unit(unknown).attempts).singleElement()
        .satisfies(a -> assertThat(a.outcome()).isEqualTo("COMMITTED"));
    assertThat(after.unit(unknown).damage).isEmpty();
  }
}
