package dev.flotilla.executors.rundir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir java.nio.file.Path tmp;

  private final Configuration conf = new Configuration();

  @Test
  void renameRefusesAnExistingDestinationInsteadOfNesting() throws Exception {
    RunDir run = RunDir.at(tmp.toString(), conf);
    FileSystem fs = run.fs();
    Path a = new Path(run.root(), "a");
    Path b = new Path(run.root(), "b");
    Path dst = new Path(run.root(), "units/u1");
    AtomicFiles.writeNew(fs, new Path(a, "f.txt"), "from a");
    AtomicFiles.writeNew(fs, new Path(b, "f.txt"), "from b");

    assertThat(AtomicFiles.renameDirectory(conf, a, dst)).isTrue();
    assertThat(AtomicFiles.renameDirectory(conf, b, dst)).isFalse();

    assertThat(AtomicFiles.readString(fs, new Path(dst, "f.txt"))).isEqualTo("from a");
    assertThat(fs.exists(new Path(dst, "b"))).as("no nested copy of the loser").isFalse();
    assertThat(fs.exists(b)).as("the loser's dir is left for its owner to delete").isTrue();
  }

  @RepeatedTest(5)
  void concurrentCommitsOfOneUnitHaveExactlyOneWinner() throws Exception {
    RunDir run = RunDir.at(tmp.toString(), conf);
    Path dst = new Path(run.root(), "units/u");
    int n = 8;
    for (int i = 0; i < n; i++) {
      AtomicFiles.writeNew(run.fs(), new Path(run.root(), "att" + i + "/who.txt"), "attempt " + i);
    }
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path src = new Path(run.root(), "att" + i);
      Callable<Boolean> commit = () -> {
        go.await();
        return AtomicFiles.renameDirectory(conf, src, dst);
      };
      results.add(pool.submit(commit));
    }
    go.countDown();
    int winners = 0;
    for (Future<Boolean> f : results) {
      winners += f.get() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(winners).isEqualTo(1);
    try (var list = Files.list(tmp.resolve("units/u"))) {
      assertThat(list.map(p -> p.getFileName().toString()).filter(s -> !s.startsWith(".")))
          .containsExactly("who.txt");
    }
  }

  @Test
  void writeStringReplacesWholeFileAndLeavesNoTemporaries() throws Exception {
    RunDir run = RunDir.at(tmp.toString(), conf);
    Path f = new Path(run.root(), "manifest.json");
    AtomicFiles.writeString(run.fs(), conf, f, "first version, longer than the second");
    AtomicFiles.writeString(run.fs(), conf, f, "second");
    assertThat(AtomicFiles.readString(run.fs(), f)).isEqualTo("second");
    try (var list = Files.list(tmp)) {
      assertThat(list.map(p -> p.getFileName().toString()).filter(s -> s.contains(".tmp-"))).isEmpty();
    }
  }

  @Test
  void aReplacedLocalFileNeverFailsItsChecksum() throws Exception {
    RunDir run = RunDir.at(tmp.toString(), conf);
    Path f = new Path(run.root(), "manifest.json");
    // Written once through Hadoop's checksummed local FS: a .manifest.json.crc appears beside it.
    try (var out = run.fs().create(f, true)) {
      out.write("version one".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    assertThat(Files.exists(tmp.resolve(".manifest.json.crc"))).isTrue();
    for (int i = 0; i < 20; i++) {
      AtomicFiles.writeString(run.fs(), conf, f, "version " + i + " ".repeat(i * 37));
      assertThat(AtomicFiles.readString(run.fs(), f)).startsWith("version " + i);
    }
    assertThat(Files.exists(tmp.resolve(".manifest.json.crc"))).as("no stale checksum left").isFalse();
  }

  @Test
  void barePathsAreLocalAbsoluteUris() {
    RunDir run = RunDir.at(tmp.toString(), conf);
    assertThat(run.uri()).startsWith("file:/").endsWith(tmp.getFileName().toString());
  }
}
