package dev.flotilla.executors.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.executors.rundir.AtomicFiles;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.TestUnitKinds.FailUnit;
import dev.flotilla.executors.unit.TestUnitKinds.TrainUnit;
import dev.flotilla.executors.unit.TestUnitKinds.WriteUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnitRunnerTest {

  @TempDir java.nio.file.Path tmp;

  private UnitTask task(WorkUnit u, int attempt) {
    return task(u, attempt, 1);
  }

  private UnitTask task(WorkUnit u, int attempt, int cpus) {
    return new UnitTask(UnitCodec.idOf(u), u.kind(), u.name(), UnitCodec.toJson(u), attempt, cpus, 7,
        tmp.toUri().toString(), 10, Map.of());
  }

  @ParameterizedTest
  @ValueSource(strings = {"djl", "dl4j"})
  void twoUnitsSideBySideEachTrainWithTheirOwnBudget(String backend) throws Exception {
    TrainUnit small = new TrainUnit(backend + "-1cpu", backend, 20);
    TrainUnit large = new TrainUnit(backend + "-2cpus", backend, 20);
    ExecutorService slots = Executors.newFixedThreadPool(2); // two task slots of one executor JVM
    try {
      Future<UnitResult> a = slots.submit(() -> UnitRunner.run(task(small, 0, 1), 0, "exec-1"));
      Future<UnitResult> b = slots.submit(() -> UnitRunner.run(task(large, 0, 2), 0, "exec-1"));
      assertThat(a.get().facts()).as(a.get().error())
          .containsEntry("budget_cpus", "1").containsEntry("threads_min", "1").containsEntry("threads_max", "1");
      assertThat(b.get().facts()).as(b.get().error())
          .containsEntry("budget_cpus", "2").containsEntry("threads_min", "2").containsEntry("threads_max", "2");
    } finally {
      slots.shutdownNow();
    }
  }

  @Test
  void commitsOutputAndRecordAtomically() throws Exception {
    WriteUnit u = new WriteUnit("w", "payload", List.of());
    UnitResult r = UnitRunner.run(task(u, 0), 0, "exec-1");
    assertThat(r.status()).isEqualTo(UnitStatus.COMMITTED);
    assertThat(r.metrics()).containsEntry("chars", 7.0);
    RunDir run = RunDir.at(tmp.toString(), new Configuration());
    String id = UnitCodec.idOf(u);
    assertThat(run.isCommitted(id)).isTrue();
    assertThat(AtomicFiles.readString(run.fs(), new Path(run.unit(id), "out.txt"))).isEqualTo("payload");
    assertThat(AtomicFiles.readString(run.fs(), run.unitRecord(id))).contains("\"chars\" : 7.0");
    assertThat(run.fs().exists(run.attempts(id))).as("attempt dirs are gone after commit").isFalse();
  }

  @Test
  void secondAttemptOfACommittedUnitWritesNothing() throws Exception {
    WriteUnit u = new WriteUnit("w", "payload", List.of());
    UnitRunner.run(task(u, 0), 0, "exec-1");
    UnitResult again = UnitRunner.run(task(u, 1), 0, "exec-2");
    assertThat(again.status()).isEqualTo(UnitStatus.ALREADY_COMMITTED);
    RunDir run = RunDir.at(tmp.toString(), new Configuration());
    assertThat(java.util.Arrays.stream(run.fs().listStatus(run.unit(UnitCodec.idOf(u))))
        .map(s -> s.getPath().getName()))
        .containsExactlyInAnyOrder("out.txt", RunDir.UNIT_RECORD, RunDir.ATTEMPT_RECORD);
    assertThat(AtomicFiles.readString(run.fs(), run.unitRecord(UnitCodec.idOf(u))))
        .contains("\"executorId\" : \"exec-1\"");
  }

  @Test
  void failingUnitLeavesNothingVisibleAndReportsItsError() throws Exception {
    FailUnit u = new FailUnit("bad");
    UnitResult r = UnitRunner.run(task(u, 0), 0, "exec-1");
    assertThat(r.status()).isEqualTo(UnitStatus.FAILED);
    assertThat(r.error()).contains("IllegalStateException").contains("failing on purpose in bad");
    RunDir run = RunDir.at(tmp.toString(), new Configuration());
    String id = UnitCodec.idOf(u);
    assertThat(run.fs().exists(run.unit(id))).isFalse();
    assertThat(run.fs().exists(run.attempts(id)) && run.fs().listStatus(run.attempts(id)).length > 0)
        .as("the failed attempt's partial files are deleted").isFalse();
  }
}
