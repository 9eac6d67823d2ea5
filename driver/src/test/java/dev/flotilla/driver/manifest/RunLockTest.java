package dev.flotilla.driver.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.executors.rundir.AtomicFiles;
import dev.flotilla.executors.rundir.RunDir;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {

  @TempDir java.nio.file.Path tmp;

  @Test
  void aSecondLiveDriverIsRefusedWithTheHolderNamed() throws Exception {
    RunDir dir = RunDir.at(tmp.toString(), new Configuration());
    try (RunLock held = RunLock.acquire(dir)) {
      assertThatThrownBy(() -> RunLock.acquire(dir))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is in use by driver pid " + ProcessHandle.current().pid());
    }
    // Released: the next driver gets it.
    RunLock.acquire(dir).close();
  }

  @Test
  void aLockOfADeadProcessOnThisHostIsStaleAndTakenOver() throws Exception {
    RunDir dir = RunDir.at(tmp.toString(), new Configuration());
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    long now = System.currentTimeMillis();
    AtomicFiles.writeString(dir.fs(), dir.conf(), dir.lock(), "{\"host\":\"" + RunLock.hostName()
        + "\",\"pid\":" + p.pid() + ",\"token\":\"t\",\"startedMillis\":" + now
        + ",\"heartbeatMillis\":" + now + "}");
    RunLock.Holder h = RunLock.read(dir).orElseThrow();
    assertThat(h.isStale(Instant.now(), RunLock.hostName())).isTrue();
    RunLock.acquire(dir).close();
  }

  @Test
  void aLockWithAnOldHeartbeatFromAnotherHostIsStale() throws Exception {
    RunDir dir = RunDir.at(tmp.toString(), new Configuration());
    long old = System.currentTimeMillis() - RunLock.STALE_AFTER.toMillis() - 5_000;
    AtomicFiles.writeString(dir.fs(), dir.conf(), dir.lock(), "{\"host\":\"elsewhere\",\"pid\":1,"
        + "\"token\":\"t\",\"startedMillis\":" + old + ",\"heartbeatMillis\":" + old + "}");
    assertThat(RunLock.read(dir).orElseThrow().isStale(Instant.now(), RunLock.hostName())).isTrue();
    long fresh = System.currentTimeMillis();
    AtomicFiles.writeString(dir.fs(), dir.conf(), dir.lock(), "{\"host\":\"elsewhere\",\"pid\":1,"
        + "\"token\":\"t\",\"startedMillis\":" + fresh + ",\"heartbeatMillis\":" + fresh + "}");
    assertThat(RunLock.read(dir).orElseThrow().isStale(Instant.now(), RunLock.hostName())).isFalse();
    assertThatThrownBy(() -> RunLock.acquire(dir)).hasMessageContaining("on elsewhere");
  }
}
