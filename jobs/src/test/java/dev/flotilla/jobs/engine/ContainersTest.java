package dev.flotilla.jobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.manifest.AttemptRecord;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.driver.SparkSessions;
import dev.flotilla.jobs.testing.CliProcess;
import dev.flotilla.jobs.testing.ClusterScript;
import dev.flotilla.jobs.testing.DockerEngineCondition;
import dev.flotilla.jobs.testing.HostJvmContainers;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;

/**
 * Scenarios in real containers (images built here, no registry; host network on 127.0.0.1):
 * a Spark standalone cluster whose master and workers each run in a container, one worker
 * container killed mid-unit; and a run dir on S3 through {@code s3a://} against an S3 server
 * (s3proxy) in a container, with the driver killed mid-run and the run resumed.
 */
@ExtendWith(DockerEngineCondition.class)
class ContainersTest {

  /** s3proxy's jar with its dependencies, copied from Maven Central by the build (jobs/pom.xml). */
  static final Path S3PROXY = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar")).toAbsolutePath();

  @TempDir Path tmp;

  @Test
  void standaloneWorkersInContainersAndAKilledWorkerContainersUnitIsCommittedOnce() throws Exception {
    Path sparkHome = ClusterScript.sparkHome(tmp.resolve("spark-home"));
    Path runDir = Files.createDirectories(tmp.resolve("run"));
    int port = freePort();
    String masterUrl = "spark://127.0.0.1:" + port;
    Map<String, String> env = Map.of("SPARK_HOME", sparkHome.toString(),
        // The build's Scala (surefire sets it: 2.12, or 2.13 under -Pspark4).
        "SPARK_SCALA_VERSION", System.getenv().getOrDefault("SPARK_SCALA_VERSION", "2.12"),
        "SPARK_LOCAL_IP", "127.0.0.1");
    List<GenericContainer<?>> containers = new ArrayList<>();
    try {
      GenericContainer<?> master = HostJvmContainers.java(daemon(sparkHome, "org.apache.spark.deploy.master.Master",
              "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort())),
          env, ".*I have been elected leader.*", List.of(sparkHome), List.of());
      containers.add(master);
      master.start();
      List<Path> workDirs = new ArrayList<>();
      for (int i = 1; i <= 2; i++) {
        Path work = Files.createDirectories(tmp.resolve("worker-" + i));
        workDirs.add(work);
        GenericContainer<?> worker = HostJvmContainers.java(daemon(sparkHome, "org.apache.spark.deploy.worker.Worker",
                "--host", "127.0.0.1", "--port", "0", "--webui-port", "0", "--cores", "1", "--memory", "1g",
                "--work-dir", work.toString(), masterUrl),
            env, ".*Successfully registered with master.*", List.of(sparkHome), List.of(work, runDir));
        containers.add(worker);
        worker.start();
      }

      Path conf = tmp.resolve("burn.conf");
      Files.writeString(conf, """
          job = burn
          engine { run-dir = "%s", master = "%s", progress = false }
          burn.seconds = [6, 6, 1, 1]
          """.formatted(runDir.toUri(), masterUrl));
      Process driver = CliProcess.run(conf, tmp.resolve("driver.log"));
      Path attempt = StandaloneClusterTest.awaitAttempt(runDir.resolve("_attempts"), driver);
      String unitId = attempt.getParent().getParent().getFileName().toString();
      String executorId = new ObjectMapper().readTree(attempt.toFile()).path("executorId").asText();
      // The worker whose work dir holds this executor's folder (app-*/<executor id>) ran it.
      int owner = -1;
      for (int i = 0; i < workDirs.size(); i++) {
        try (Stream<Path> apps = Files.list(workDirs.get(i))) {
          if (apps.anyMatch(app -> Files.isDirectory(app.resolve(executorId)))) {
            owner = i;
          }
        }
      }
      assertThat(owner).as("worker of executor " + executorId).isNotNegative();
      HostJvmContainers.kill(containers.get(1 + owner));

      assertThat(driver.waitFor(300, TimeUnit.SECONDS)).as("driver finished").isTrue();
      assertThat(driver.exitValue()).as(Files.readString(tmp.resolve("driver.log"))).isZero();
      RunManifest m = Flotilla.status(runDir.toUri().toString(), new Configuration());
      assertThat(m.count(UnitState.COMMITTED)).isEqualTo(4);
      UnitEntry killed = m.unit(unitId);
      assertThat(killed.attempts).extracting(AttemptRecord::outcome).contains("TASK_LOST").endsWith("COMMITTED");
      assertThat(killed.attempts.get(killed.attempts.size() - 1).executorId()).isNotEqualTo(executorId);
      try (Stream<Path> outputs = Files.list(runDir.resolve("units"))) {
        assertThat(outputs.filter(p -> p.getFileName().toString().startsWith(unitId))).hasSize(1);
      }
    } finally {
      containers.forEach(GenericContainer::stop);
    }
  }

  @Test
  void runDirOnS3ResumesAfterTheDriverIsKilled() throws Exception {
    assertThat(S3PROXY).as("s3proxy's jar").exists();
    int port = freePort();
    Path props = tmp.resolve("s3proxy.properties");
    // An in-memory object store: S3's semantics (keys, no directories). The file-backed ones map
    // keys onto folders, and fail deleting a "directory marker" whose folder holds objects.
    Files.writeString(props, """
        s3proxy.endpoint=http://127.0.0.1:%d
        s3proxy.authorization=none
        jclouds.provider=transient
        jclouds.identity=flotilla
        jclouds.credential=flotilla-secret
        """.formatted(port));
    try (GenericContainer<?> s3 = HostJvmContainers.java(
        List.of("-Xmx256m", "-jar", S3PROXY.toString(), "--properties", props.toString()),
        Map.of(), ".*Started Server.*", List.of(props, S3PROXY), List.of())) {
      s3.start();
      HttpResponse<Void> bucket = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/flotilla")).PUT(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding());
      assertThat(bucket.statusCode()).as("bucket created").isEqualTo(200);
      String runDir = "s3a://flotilla/runs/burn";
      Map<String, String> s3a = Map.of(
          "spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:" + port,
          "spark.hadoop.fs.s3a.access.key", "flotilla",
          "spark.hadoop.fs.s3a.secret.key", "flotilla-secret",
          "spark.hadoop.fs.s3a.path.style.access", "true",
          "spark.hadoop.fs.s3a.connection.ssl.enabled", "false",
          "spark.hadoop.fs.s3a.attempts.maximum", "2");
      StringBuilder sparkConf = new StringBuilder();
      s3a.forEach((k, v) -> sparkConf.append("\"").append(k).append("\" = \"").append(v).append("\"\n"));
      Path conf = tmp.resolve("burn.conf");
      Files.writeString(conf, """
          job = burn
          engine { run-dir = "%s", master = "local[2]", progress = false, spark-conf { %s } }
          burn.seconds = [1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5]
          """.formatted(runDir, sparkConf));
      Configuration hadoop = new Configuration();
      s3a.forEach((k, v) -> hadoop.set(k.substring("spark.hadoop.".length()), v));
      FileSystem fs = FileSystem.newInstance(URI.create(runDir), hadoop);

      Process first = CliProcess.run(conf, tmp.resolve("driver-1.log"));
      Set<String> before = awaitCommitted(fs, runDir + "/units", 2, first);
      first.destroyForcibly(); // SIGKILL: no shutdown hooks, the lock stays behind
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      before = committed(fs, runDir + "/units");
      assertThat(before).hasSizeBetween(2, 7);

      Process second = CliProcess.run(conf, tmp.resolve("driver-2.log"));
      assertThat(second.waitFor(300, TimeUnit.SECONDS)).isTrue();
      assertThat(second.exitValue()).as(Files.readString(tmp.resolve("driver-2.log"))).isZero();
      RunManifest m = Flotilla.status(runDir, hadoop);
      assertThat(m.drivers()).hasSize(2);
      assertThat(m.count(UnitState.COMMITTED)).isEqualTo(8);
      for (UnitEntry e : m.units.values()) {
        List<AttemptRecord> rerun = e.attempts.stream().filter(a -> a.driverRun() == 1).toList();
        if (before.contains(e.id)) {
          assertThat(rerun).as(e.id + " was committed before the kill").isEmpty();
        } else {
          assertThat(rerun).as(e.id + " ran again").extracting(AttemptRecord::outcome).containsExactly("COMMITTED");
        }
      }
      fs.close();
    }
  }

  private static List<String> daemon(Path sparkHome, String mainClass, String... args) {
    List<String> cmd = new ArrayList<>(List.of("-Xmx512m"));
    cmd.addAll(Arrays.asList(SparkSessions.JAVA_OPENS.split(" ")));
    cmd.addAll(List.of("-cp", sparkHome.resolve("jars") + "/*", mainClass));
    cmd.addAll(Arrays.asList(args));
    return cmd;
  }

  private static Set<String> awaitCommitted(FileSystem fs, String units, int n, Process driver) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    Set<String> seen = Set.of();
    while (System.nanoTime() < deadline && driver.isAlive()) {
      seen = committed(fs, units);
      if (seen.size() >= n) {
        return seen;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("only " + seen + " committed (driver alive: " + driver.isAlive() + ")");
  }

  private static Set<String> committed(FileSystem fs, String units) throws IOException {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(units);
    Set<String> ids = new HashSet<>();
    if (fs.exists(dir)) {
      for (FileStatus s : fs.listStatus(dir)) {
        ids.add(s.getPath().getName());
      }
    }
    return ids;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
