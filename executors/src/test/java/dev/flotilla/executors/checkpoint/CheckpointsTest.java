package dev.flotilla.executors.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.executors.rundir.RunDir;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

  @TempDir java.nio.file.Path tmp;

  private Checkpoints open(int every) {
    Configuration conf = new Configuration();
    RunDir run = RunDir.at(tmp.toString(), conf);
    return new Checkpoints(run.fs(), conf, run.checkpoints("u1"), every);
  }

  private static void save(Checkpoints c, long step) throws Exception {
    c.save(step, files -> {
      try (OutputStream out = files.create("state.txt")) {
        out.write(("step " + step).getBytes(StandardCharsets.UTF_8));
      }
    });
  }

  @Test
  void freshUnitHasNoCheckpointAndDoesNotCountAsResumed() throws Exception {
    Checkpoints c = open(10);
    assertThat(c.latest()).isEmpty();
    assertThat(c.resumedFrom()).isEmpty();
  }

  @Test
  void latestIsTheNewestCompleteStepAndIsRecordedAsResumePoint() throws Exception {
    save(open(10), 10);
    save(open(10), 20);
    Checkpoints next = open(10);
    Checkpoint latest = next.latest().orElseThrow();
    assertThat(latest.step()).isEqualTo(20);
    assertThat(new String(latest.open("state.txt").readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("step 20");
    assertThat(next.resumedFrom()).hasValue(20);
  }

  @Test
  void keepsOnlyTheNewestTwo() throws Exception {
    Checkpoints c = open(1);
    for (long s = 1; s <= 5; s++) {
      save(c, s);
    }
    try (var list = java.nio.file.Files.list(tmp.resolve("_checkpoints/u1"))) {
      assertThat(list.map(p -> p.getFileName().toString()).sorted())
          .containsExactly("step-000000000004", "step-000000000005");
    }
  }

  @Test
  void aHalfWrittenCheckpointIsIgnored() throws Exception {
    save(open(10), 10);
    // An attempt killed while saving step 20 leaves only its temporary directory.
    Configuration conf = new Configuration();
    RunDir run = RunDir.at(tmp.toString(), conf);
    run.fs().mkdirs(new Path(run.checkpoints("u1"), "_tmp-dead"));
    assertThat(open(10).latest().orElseThrow().step()).isEqualTo(10);
  }

  @Test
  void dueEveryNSteps() {
    Checkpoints c = open(50);
    assertThat(c.due(0)).isFalse();
    assertThat(c.due(49)).isFalse();
    assertThat(c.due(50)).isTrue();
    assertThat(c.due(100)).isTrue();
    assertThatThrownBy(() -> open(0)).hasMessageContaining(">= 1");
  }
}
