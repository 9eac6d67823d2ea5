package dev.flotilla.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.driver.Redaction;
import dev.flotilla.driver.SparkSessions;
import dev.flotilla.jobs.testing.ListeningSockets;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a user on a shared machine runs it (its own JVM, a local master, the UI on): nothing
 * listens beyond loopback, credentials passed to Hadoop appear in no file of the run and in no
 * line of output, and the run's files follow the user's umask without ever being world-writable.
 */
class LocalRunExposureTest {

  private static final String ACCESS_KEY = "AKIAFLOTILLA7EXAMPLE";
  private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/flotillaEXAMPLEKEY";

  @TempDir Path tmp;

  @Test
  void aLocalRunListensOnLoopbackOnlyAndItsRunDirHoldsNoCredentials() throws Exception {
    Path runDir = tmp.resolve("run");
    Path conf = tmp.resolve("burn.conf");
    Files.writeString(conf, """
        job = burn
        engine {
          run-dir = "%s"
          master = "local[2]"
          progress = false
          spark-conf {
            "spark.hadoop.fs.s3a.access.key" = "%s"
            "spark.hadoop.fs.s3a.secret.key" = "%s"
          }
        }
        burn.seconds = [3, 3]
        """.formatted(runDir.toUri(), ACCESS_KEY, SECRET_KEY));
    Path log = tmp.resolve("driver.log");
    // umask 000: the user lets everyone write; Flotilla still does not.
    Process driver = cli("0000", conf, log);
    Set<InetSocketAddress> listening = new LinkedHashSet<>();
    while (!driver.waitFor(100, TimeUnit.MILLISECONDS)) {
      listening.addAll(ListeningSockets.of(driver.pid()));
    }
    String out = Files.readString(log);
    assertThat(driver.exitValue()).as(out).isZero();
    assertThat(listening).as("driver RPC, block manager and UI").hasSizeGreaterThanOrEqualTo(3)
        .allSatisfy(a -> assertThat(a.getAddress().isLoopbackAddress()).as(a.toString()).isTrue());
    assertThat(out).containsOnlyOnce("Spark UI: http://127.0.0.1:").doesNotContain(ACCESS_KEY, SECRET_KEY);

    List<Path> files = walk(runDir);
    assertThat(files).hasSizeGreaterThan(10);
    for (Path p : files) {
      assertThat(Files.getPosixFilePermissions(p)).as(runDir.relativize(p).toString())
          .doesNotContain(PosixFilePermission.OTHERS_WRITE);
      if (Files.isRegularFile(p)) {
        String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        assertThat(text).as(runDir.relativize(p).toString()).doesNotContain(ACCESS_KEY, SECRET_KEY);
      }
    }
    assertThat(Files.getPosixFilePermissions(runDir.resolve("manifest.json")))
        .as("the user's umask (000, less others' write), not Hadoop's 022")
        .contains(PosixFilePermission.GROUP_WRITE);
    JsonNode manifest = new ObjectMapper().readTree(runDir.resolve("manifest.json").toFile());
    assertThat(manifest.path("config").path("engine").path("spark-conf")
        .path("spark.hadoop.fs.s3a.access.key").asText()).isEqualTo(Redaction.REDACTED);
  }

  @Test
  void aPrivateUmaskKeepsTheWholeRunDirPrivate() throws Exception {
    Path runDir = tmp.resolve("run");
    Path conf = tmp.resolve("burn.conf");
    Files.writeString(conf, """
        job = burn
        engine { run-dir = "%s", master = "local[1]", progress = false, ui = false }
        burn.seconds = [0.2]
        """.formatted(runDir.toUri()));
    Path log = tmp.resolve("driver.log");
    Process driver = cli("0077", conf, log);
    assertThat(driver.waitFor(300, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(log);
    assertThat(driver.exitValue()).as(out).isZero();
    assertThat(out).doesNotContain("Spark UI:");
    for (Path p : walk(runDir)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
          .as(runDir.relativize(p).toString()).endsWith("------");
    }
  }

  @Test
  void aSocketOnEveryInterfaceIsSeenAsSuch() throws Exception {
    long self = ProcessHandle.current().pid();
    try (java.net.ServerSocket wildcard = new java.net.ServerSocket(0);
        java.net.ServerSocket loopback = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      List<InetSocketAddress> mine = ListeningSockets.of(self);
      assertThat(mine).filteredOn(a -> a.getPort() == wildcard.getLocalPort())
          .singleElement().satisfies(a -> assertThat(a.getAddress().isLoopbackAddress()).isFalse());
      assertThat(mine).filteredOn(a -> a.getPort() == loopback.getLocalPort())
          .singleElement().satisfies(a -> assertThat(a.getAddress().isLoopbackAddress()).isTrue());
    }
  }

  /** The real CLI in its own JVM, started with the given umask as a shell would. */
  private static Process cli(String umask, Path conf, Path log) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\"",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
    cmd.addAll(List.of(SparkSessions.JAVA_OPENS.split(" ")));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), FlotillaCli.class.getName(),
        "run", conf.toString()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static List<Path> walk(Path root) throws Exception {
    try (Stream<Path> all = Files.walk(root)) {
      return all.toList();
    }
  }
}
