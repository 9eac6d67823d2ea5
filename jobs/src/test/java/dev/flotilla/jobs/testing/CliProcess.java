package dev.flotilla.jobs.testing;

import dev.flotilla.driver.SparkSessions;
import dev.flotilla.jobs.cli.FlotillaCli;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real CLI as its own JVM (a driver a test can SIGTERM or SIGKILL), output into a log file. */
public final class CliProcess {

  private CliProcess() {}

  /** Starts {@code flotilla run CONF} with this test's classpath. */
  public static Process run(Path conf, Path log) throws IOException {
    return run(conf, log, List.of());
  }

  /** As {@link #run(Path, Path)}, without the environment variables {@code unset}. */
  public static Process run(Path conf, Path log, List<String> unset) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
    cmd.addAll(List.of(SparkSessions.JAVA_OPENS.split(" ")));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), FlotillaCli.class.getName(),
        "run", conf.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    unset.forEach(pb.environment()::remove);
    return pb.start();
  }
}
