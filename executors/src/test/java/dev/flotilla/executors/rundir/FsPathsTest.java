package dev.flotilla.executors.rundir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class FsPathsTest {

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"my runs/Ωmega ü/run 1", "exp#3/run", "what?/run", "100%/a%20b", "plain"})
  void plainPathsAndFileUrisLandExactlyWhereTheUserSaid(String name) throws Exception {
    Path expected = tmp.resolve(name);
    for (String spelled : new String[] {expected.toString(), "file:" + expected, "file://" + expected}) {
      RunDir dir = RunDir.at(FsPaths.qualified(spelled), new Configuration());
      dir.fs().mkdirs(dir.units());
      assertThat(expected.resolve("units")).as(spelled).isDirectory();
      // The run dir's own string form reopens the same place (it travels to executors).
      assertThat(RunDir.at(dir.uri(), new Configuration()).root()).isEqualTo(dir.root());
      dir.fs().delete(dir.root(), true);
    }
    try (var s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("%20") && !name.contains("%20"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hdfs://nn:8020/runs/a", "s3a://bucket/runs/a b", "file:/x"})
  void urisWithASchemeAreKept(String uri) {
    assertThat(FsPaths.qualified(uri)).isEqualTo(uri);
  }

  @org.junit.jupiter.api.Test
  void relativePathsResolveAgainstTheWorkingDirectory() {
    assertThat(FsPaths.qualified("runs/x")).isEqualTo("file:" + Path.of("runs/x").toAbsolutePath());
  }
}
