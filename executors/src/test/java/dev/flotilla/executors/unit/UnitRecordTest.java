package dev.flotilla.executors.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.TestUnitKinds.WriteUnit;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitRecordTest {

  @TempDir java.nio.file.Path tmp;

  record Scores(double accuracy, long params, int steps, String backend, boolean converged,
      Map<String, Double> bpbTest, Map<String, String> sizeOf) {}

  @Test
  void typedResultsRoundTripThroughFlatMetricsAndFacts() {
    Scores s = new Scores(0.875, 1_234_567L, 300, "djl", true, Map.of("c", 1.25, "java", 0.5),
        Map.of("c", "M"));
    UnitOutput out = UnitOutput.of(s);
    assertThat(out.metrics()).containsEntry("accuracy", 0.875).containsEntry("params", 1234567.0)
        .containsEntry("steps", 300.0).containsEntry("converged", 1.0)
        .containsEntry("bpb_test.c", 1.25).containsEntry("bpb_test.java", 0.5);
    assertThat(out.facts()).containsEntry("backend", "djl").containsEntry("size_of.c", "M");
    UnitRecord rec = new UnitRecord("u-1", "test-write", "u", UnitCodec.JSON.createObjectNode(), 0,
        0, "e", "h", 1, 0, 1000, -1, 7, out.metrics(), out.facts(), List.of());
    assertThat(rec.result(Scores.class)).isEqualTo(s);
  }

  @Test
  void committedRecordListsEveryOutputWithSizeAndChecksumAndVerifies() throws Exception {
    WriteUnit u = new WriteUnit("w", "payload", List.of(3));
    String id = UnitCodec.idOf(u);
    UnitRunner.run(new UnitTask(id, u.kind(), u.name(), UnitCodec.toJson(u), 0, 1, 7,
        tmp.toUri().toString(), 10, Map.of()), 0, "exec-1");
    RunDir run = RunDir.at(tmp.toString(), new Configuration());
    UnitRecord rec = UnitRecordCodec.read(run, id);
    assertThat(rec.unit(WriteUnit.class)).isEqualTo(u);
    assertThat(rec.outputs()).containsExactly(new OutputFile("out.txt", 7,
        "239f59ed55e737c77147cf55ad0c1b030b6d7ee748a7426952f9b852d5a935e5"));
    assertThat(UnitRecordCodec.verify(run.fs(), run.unit(id), rec, true)).isEmpty();

    try (OutputStream o = run.fs().create(new Path(run.unit(id), "out.txt"), true)) {
      o.write("PAYLOAD".getBytes());
    }
    assertThat(UnitRecordCodec.verify(run.fs(), run.unit(id), rec, true))
        .containsExactly("out.txt: checksum differs from the recorded one");
    run.fs().delete(new Path(run.unit(id), "out.txt"), false);
    assertThat(UnitRecordCodec.verify(run.fs(), run.unit(id), rec, false))
        .containsExactly("out.txt: missing");
  }

  @Test
  void recordsWithoutOutputListsStillRead() throws Exception {
    String old = """
        {"unitId":"a-1","kind":"test-write","name":"a","spec":{"label":"a"},"attempt":1,
         "taskAttempt":0,"executorId":"driver","host":"h","pid":9,"startMillis":5,"endMillis":2005,
         "resumedFromStep":-1,"seed":3,"metrics":{"chars":7.0},"facts":{"label":"a"}}""";
    UnitRecord r = UnitRecordCodec.fromJson(old, "old/_UNIT.json");
    assertThat(r.outputs()).isEmpty();
    assertThat(r.seconds()).isEqualTo(2.0);
    assertThat(r.metrics()).containsEntry("chars", 7.0);
  }

  @Test
  void unreadableRecordNamesItsFile() {
    assertThatThrownBy(() -> UnitRecordCodec.fromJson("{\"unitId\": \"x\", ", "units/x/_UNIT.json"))
        .isInstanceOf(IOException.class).hasMessageContaining("units/x/_UNIT.json");
  }
}
