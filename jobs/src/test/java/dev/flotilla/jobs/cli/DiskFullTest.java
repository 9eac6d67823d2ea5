package dev.flotilla.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run dir on a real, small tmpfs that fills up: while a unit writes its checkpoint, and while
 * the report is written. Each gives exit 1 and one {@code flotilla:} line naming the path and
 * the cause, loses no committed unit, leaves no half-written report file, and the same command
 * finishes the run once there is room again. Needs permission to mount a tmpfs (root, as in CI).
 */
class DiskFullTest {

  @TempDir Path tmp;
  private Path disk;

  @BeforeEach
  void mountASmallDisk() throws Exception {
    disk = Files.createDirectories(tmp.resolve("disk"));
    Assumptions.assumeTrue(sh("mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", disk.toString()) == 0,
        "cannot mount a tmpfs here (needs root)");
    BadInputFixtures.makeData(Files.createDirectories(tmp.resolve("data")));
  }

  @AfterEach
  void unmount() throws Exception {
    sh("umount", "-l", disk.toString()); // lazy: a JVM may still hold a file of it open
  }

  @Test
  void aCheckpointThatDoesNotFitFailsWithThePathAndTheRunFinishesOnceThereIsRoom() throws Exception {
    Path conf = sweep(List.of(512), disk.resolve("run"));
    var full = BadInputMatrixTest.cli("run", conf.toString());
    assertThat(full.exit()).as(full.output()).isEqualTo(1);
    List<String> lines = flotillaLines(full.output());
    assertThat(lines).as(full.output()).hasSize(1);
    assertThat(lines.get(0)).contains("No space left on device").contains(disk.toString());
    assertThat(full.output()).doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(");

    sh("mount", "-o", "remount,size=64m", disk.toString());
    var again = BadInputMatrixTest.cli("run", conf.toString());
    assertThat(again.exit()).as(again.output()).isZero();
    assertThat(again.output()).contains("1 units committed");
    assertThat(temporaries(disk.resolve("run"))).isEmpty();
  }

  @Test
  void aReportThatDoesNotFitLeavesNoHalfFileAndLosesNoUnit() throws Exception {
    sh("mount", "-o", "remount,size=8m", disk.toString());
    Path run = disk.resolve("run");
    Path conf = sweep(List.of(16), run);
    assertThat(BadInputMatrixTest.cli("run", conf.toString()).exit()).isZero();
    Map<String, String> committed = BadInputFixtures.checksums(run);
    deleteTree(run.resolve("report"));

    // Leave room for the manifest's atomic rewrite, not for the report's charts.
    Path filler = disk.resolve("filler");
    FileStore store = Files.getFileStore(disk);
    sh("fallocate", "-l", String.valueOf(store.getUsableSpace() - 24 * 1024), filler.toString());
    var full = BadInputMatrixTest.cli("run", conf.toString());
    assertThat(full.exit()).as(full.output()).isEqualTo(1);
    List<String> lines = flotillaLines(full.output());
    assertThat(lines).as(full.output()).hasSize(1);
    assertThat(lines.get(0)).contains("No space left on device").contains(run.toString());
    BadInputFixtures.assertNothingLost(committed, run);
    assertThat(temporaries(run)).as("half-written files").isEmpty();

    Files.delete(filler);
    var again = BadInputMatrixTest.cli("run", conf.toString());
    assertThat(again.exit()).as(again.output()).isZero();
    assertThat(run.resolve("report/index.html")).exists();
    BadInputFixtures.assertNothingLost(committed, run);
  }

  /** A one-MLP sweep on the small Fashion-MNIST fixture, checkpointing every 2 steps. */
  private Path sweep(List<Integer> width, Path runDir) throws IOException {
    Path conf = tmp.resolve("sweep.conf");
    Files.writeString(conf, """
        job = sweep
        engine { master = "local[2]", run-dir = "%s", checkpoint-every = 2, unit-retries = 1,
                 ui = false, progress = false }
        sweep { backend = djl, data.dir = "%s", epochs = 1, batch-size = 8,
                mlp { widths = [%s], learning-rates = [0.001] }, cnn.widths = [] }
        """.formatted(runDir, tmp.resolve("data/fm-ok"), width));
    return conf;
  }

  private static List<String> flotillaLines(String output) {
    return output.lines().filter(l -> l.startsWith("flotilla: ")).toList();
  }

  /** Temporary files of atomic writes and unfinished checkpoints left in the run dir. */
  private static List<Path> temporaries(Path run) throws IOException {
    if (!Files.exists(run)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(run)) {
      return s.filter(p -> p.getFileName().toString().contains(".tmp-")
          || p.getFileName().toString().startsWith("_tmp-")).toList();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static int sh(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    if (p.exitValue() != 0) {
      System.out.println(String.join(" ", command) + ": " + out);
    }
    return p.exitValue();
  }
}
