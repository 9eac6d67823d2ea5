package dev.flotilla.jobs.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** {@code scripts/cluster} as a user runs it, with the jars of this test's classpath. */
public final class ClusterScript {

  public static final Path ROOT = Path.of(System.getProperty("flotilla.root", "..")).toAbsolutePath().normalize();

  private ClusterScript() {}

  /** Runs {@code scripts/cluster ARGS} with {@code env} added; its exit code and output. */
  public static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(Stream.concat(
        Stream.of("bash", ROOT.resolve("scripts/cluster").toString()), Stream.of(args)).toList())
        .redirectErrorStream(true);
    Map<String, String> all = new HashMap<>(env);
    all.putIfAbsent("FLOTILLA_CLUSTER_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().putAll(all);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("scripts/cluster " + List.of(args) + " did not finish: " + out);
    }
    return new Result(p.exitValue(), out);
  }

  /** A SPARK_HOME for standalone daemons: {@code jars/} with this classpath's third-party jars. */
  public static Path sparkHome(Path dir) throws IOException, InterruptedException {
    Result r = run(Map.of(), "spark-home", dir.toString());
    if (r.exitCode() != 0) {
      throw new AssertionError("scripts/cluster spark-home failed: " + r.output());
    }
    return dir;
  }

  public record Result(int exitCode, String output) {}
}
