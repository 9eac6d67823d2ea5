package dev.flotilla.driver.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Away from a terminal, progress is plain lines a log file can hold: no bar, no carriage returns. */
class ProgressTest {

  @Test
  void withoutATerminalOneLinePerFinishedUnitAndAHeartbeatWhileQuiet() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Progress p = new Progress(true, false, new PrintStream(out, true, StandardCharsets.UTF_8),
        150, "sweep", 3, 1)) {
      p.started();
      p.started();
      p.committed();
      Thread.sleep(400); // quiet for longer than 150 ms: at least one heartbeat line
      p.retrying();
      p.failed();
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\r");
    assertThat(text.lines().toList()).first().asString().startsWith("sweep: 1/3 units done (running 0 | failed 0 | retried 0)");
    assertThat(text).contains("sweep: 2/3 units done (running 1 | failed 0 | retried 0), 0m00s elapsed: unit committed")
        .contains("still running")
        .contains("sweep: 2/3 units done (running 0 | failed 0 | retried 1)")
        .contains("sweep: 3/3 units done (running 0 | failed 1 | retried 1)");
  }

  @Test
  void disabledWritesNothing() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Progress p = new Progress(false, false, new PrintStream(out), 10, "sweep", 3, 0)) {
      p.started();
      p.committed();
    }
    assertThat(out.size()).isZero();
  }
}
