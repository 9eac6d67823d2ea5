package dev.flotilla.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.driver.SparkSessions;
import dev.flotilla.jobs.testing.ClusterScript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java API lines, run verbatim in the real {@code jshell} tool as the README starts
 * it (this build's classpath instead of the packaged jar's): they compile, the run commits every
 * unit, the result prints as a table, and Spark's INFO lines stay out of the session.
 */
class ReadmeJshellTest {

  @TempDir Path work;

  @Test
  void theReadmesJavaApiLinesRunInJshell() throws Exception {
    String readme = Files.readString(ClusterScript.ROOT.resolve("README.md"));
    Matcher block = Pattern.compile("## Java API[^\\n]*\\n+```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(block.find()).as("README has a java block under 'Java API'").isTrue();
    String lines = block.group(1);
    // The snippet's relative paths (conf/, runs/) resolve in a copy, not in the checkout.
    Files.createDirectories(work.resolve("conf"));
    try (var confs = Files.list(ClusterScript.ROOT.resolve("conf"))) {
      for (Path f : (Iterable<Path>) confs::iterator) {
        Files.copy(f, work.resolve("conf").resolve(f.getFileName()));
      }
    }
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jshell").toString(),
        "--class-path", System.getProperty("java.class.path"), "-R-Dai.djl.offline=true", "-R-Xmx2g"));
    for (String open : SparkSessions.JAVA_OPENS.split(" ")) {
      cmd.add("-R" + open);
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
        .redirectOutput(work.resolve("jshell.out").toFile());
    pb.environment().put("ONEDNN_MAX_CPU_ISA", "AVX2");
    Process jshell = pb.start();
    jshell.getOutputStream().write((lines + "\n/exit\n").getBytes(StandardCharsets.UTF_8));
    jshell.getOutputStream().close();
    assertThat(jshell.waitFor(15, TimeUnit.MINUTES)).as("jshell finished").isTrue();
    String out = Files.readString(work.resolve("jshell.out"));

    assertThat(jshell.exitValue()).as(out).isZero();
    assertThat(out).as("every line compiled and ran").doesNotContain("|  Error:").doesNotContain("|  Exception");
    assertThat(out).containsPattern("sweep run in \\S+: 7 units, 7 committed");
    assertThat(out).contains("report/index.html").containsPattern("unit\\s+state\\s+seconds");
    assertThat(out).containsPattern("valid [0-9.]+ test [0-9.]+");
    // Flotilla's own progress lines (run start, unit start) are INFO; Spark's 188 are not shown.
    assertThat(out.lines().filter(l -> l.matches(".* INFO \\w+: .*")
            && !l.matches(".* INFO (JobRunner|UnitRunner|Scheduler|Flotilla): .*")).toList())
        .as("no library INFO lines").isEmpty();
    assertThat(work.resolve("runs/sweep-quick/report/index.html")).exists();
  }
}
