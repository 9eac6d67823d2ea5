package dev.flotilla.driver.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.executors.rundir.RunDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * The journal and its snapshots read back exactly the record the driver holds, after every
 * write of any sequence of unit changes and snapshots, including a driver killed between writing
 * a snapshot and deleting the change files it holds, and temporaries of interrupted writes.
 */
class RunJournalPropertiesTest {

  private static final int UNITS = 10;

  @Property(tries = 30)
  void replayEqualsTheRecordAfterEveryWrite(
      @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 10 * UNITS - 1) Integer> ops) throws IOException {
    Path tmp = Files.createTempDirectory("journal");
    try {
      RunDir run = RunDir.at(tmp.toString(), new Configuration());
      RunManifest m = fresh();
      m.write(run);
      int step = 0;
      for (int op : ops) {
        UnitEntry e = m.units.get("u" + (op / 10));
        switch (op % 10) {
          case 0, 1 -> {
            e.state = UnitState.RUNNING;
            RunJournal.append(run, m, List.of(e));
          }
          case 2, 3 -> {
            e.attempts.add(new AttemptRecord(e.attempts.size(), 0, "1", "h", 7, "FAILED", step, step + 1,
                -1, "boom " + step, 0));
            e.lastError = "boom " + step;
            e.state = UnitState.PENDING;
            RunJournal.append(run, m, List.of(e));
          }
          case 4, 5 -> {
            e.commit(step, step + 3, Map.of("accuracy", step / 100.0), Map.of("note", "s" + step));
            RunJournal.append(run, m, List.of(e));
          }
          case 6 -> { // several units in one change (a failure failing its dependents)
            UnitEntry other = m.units.get("u" + ((op / 10 + 1) % UNITS));
            e.state = UnitState.FAILED;
            other.state = UnitState.FAILED;
            other.lastError = "not run: its input unit " + e.id + " failed";
            RunJournal.append(run, m, List.of(e, other));
          }
          case 7 -> m.write(run);
          case 8 -> killedAfterSnapshot(run, m);
          default -> Files.writeString(Files.createDirectories(tmp.resolve("journal")).resolve(
              String.format(".%012d.json.tmp-dead", m.journalSeq + 1)), "[{\"id\": \"u0\", \"sta");
        }
        step++;
        assertThat(text(RunManifest.read(run))).as("after op %d (%d)", step, op).isEqualTo(text(m));
      }
    } finally {
      delete(tmp);
    }
  }

  @Test
  void theJournalIsFoldedIntoTheSnapshotOnceItIsAsLargeAsTheSnapshot() throws IOException {
    Path tmp = Files.createTempDirectory("journal");
    try {
      RunDir run = RunDir.at(tmp.toString(), new Configuration());
      RunManifest m = fresh();
      m.write(run);
      String big = "x".repeat(100_000);
      int maxFiles = 0;
      for (int i = 0; i < 40; i++) {
        UnitEntry e = m.units.get("u" + (i % UNITS));
        e.commit(i, i + 1, Map.of(), Map.of("log", big + i));
        RunJournal.append(run, m, List.of(e));
        maxFiles = Math.max(maxFiles, RunJournal.seqs(run).size());
      }
      assertThat(maxFiles).as("change files before a compaction").isLessThanOrEqualTo(11);
      assertThat(m.journalSeq).isEqualTo(40);
      assertThat(text(RunManifest.read(run))).isEqualTo(text(m));
    } finally {
      delete(tmp);
    }
  }

  /** A snapshot written, and the driver killed before it deleted the change files it holds. */
  private static void killedAfterSnapshot(RunDir run, RunManifest m) throws IOException {
    List<Long> before = RunJournal.seqs(run);
    byte[] bytes = RunManifest.JSON.writeValueAsBytes(m);
    dev.flotilla.executors.rundir.AtomicFiles.writeBytes(run.fs(), run.conf(), run.manifest(), bytes);
    assertThat(RunJournal.seqs(run)).isEqualTo(before);
  }

  private static RunManifest fresh() {
    RunManifest m = new RunManifest();
    m.jobKind = "burn";
    m.runDir = "file:/nowhere";
    for (int i = 0; i < UNITS; i++) {
      UnitEntry e = new UnitEntry();
      e.id = "u" + i;
      e.kind = "burn";
      e.name = "unit " + i;
      m.units.put(e.id, e);
    }
    return m;
  }

  private static String text(RunManifest m) throws IOException {
    return RunManifest.JSON.writeValueAsString(m);
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
