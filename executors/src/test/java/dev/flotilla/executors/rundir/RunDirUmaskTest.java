package dev.flotilla.executors.rundir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirUmaskTest {

  @TempDir java.nio.file.Path tmp;

  @Test
  void aLocalRunDirTakesTheProcessUmaskWithOthersWriteMasked() {
    Configuration conf = RunDirUmask.apply(tmp.toUri().toString(), new Configuration());
    int process = RunDirUmask.processUmask(new Configuration());
    assertThat(conf.get("fs.permissions.umask-mode")).isEqualTo(String.format("%03o", process | 2));
    assertThat(RunDirUmask.apply("/some/path", new Configuration(false)).get("fs.permissions.umask-mode"))
        .as("a bare path is local").isNotNull();
  }

  @Test
  void theUsersHadoopUmaskIsKeptButNeverLetsOthersWrite() {
    Configuration user = new Configuration();
    user.set("fs.permissions.umask-mode", "070");
    assertThat(RunDirUmask.apply(tmp.toUri().toString(), user).get("fs.permissions.umask-mode"))
        .isEqualTo("072");
  }

  @Test
  void otherFileSystemsAreLeftAlone() {
    Configuration conf = new Configuration();
    assertThat(RunDirUmask.apply("hdfs://nn:8020/runs/a", conf)).isSameAs(conf);
    assertThat(RunDirUmask.apply("s3a://bucket/runs/a", conf)).isSameAs(conf);
  }

  /**
   * Every way a run dir gets files (Hadoop create and mkdirs, the atomic local writes and the
   * commit rename) follows the run dir's umask, even when Hadoop has already cached a local file
   * system made with its default umask (022).
   */
  @Test
  void everyWriteFollowsTheRunDirsUmask() throws Exception {
    FileSystem.get(tmp.toUri(), new Configuration()).mkdirs(new Path(tmp.resolve("warm").toUri()));
    Configuration user = new Configuration();
    user.set("fs.permissions.umask-mode", "077");
    String uri = tmp.resolve("run").toUri().toString();
    RunDir dir = RunDir.at(uri, RunDirUmask.apply(uri, user));
    dir.fs().mkdirs(dir.root());
    AtomicFiles.writeString(dir.fs(), dir.conf(), dir.manifest(), "{}");
    Path attempt = new Path(dir.attempts("u1"), "a0");
    dir.fs().mkdirs(attempt);
    try (OutputStream out = dir.fs().create(new Path(attempt, "out.bin"), false)) {
      out.write(1);
    }
    assertThat(AtomicFiles.renameDirectory(dir.conf(), attempt, dir.unit("u1"))).isTrue();
    java.nio.file.Path root = tmp.resolve("run");
    try (Stream<java.nio.file.Path> all = Files.walk(root)) {
      assertThat(all.toList()).hasSizeGreaterThanOrEqualTo(7).allSatisfy(p -> assertThat(
          PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
          .as(root.relativize(p).toString()).endsWith("------"));
    }
  }
}
