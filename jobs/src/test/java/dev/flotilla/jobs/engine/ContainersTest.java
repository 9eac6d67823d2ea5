package dev.flotilla.jobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.SparkSessions;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.jobs.burn.BurnUnit;
import dev.flotilla.jobs.testing.Sparks;
import dev.flotilla.jobs.testing.TestUnits;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Scenarios that need a Docker engine: a run dir on S3 (MinIO, through s3a) and a real Spark
 * standalone master + worker. Skipped (not failed) where no Docker engine runs, as on our CI.
 */
@org.testcontainers.junit.jupiter.Testcontainers(disabledWithoutDocker = true)
class ContainersTest {

  static final String SPARK_IMAGE = "apache/spark:3.5.3-scala2.12-java17-ubuntu";
  static final String MINIO_IMAGE = "minio/minio:RELEASE.2024-01-16T16-07-38Z";

  @TempDir Path tmp;

  @Test
  void runDirOnS3ThroughS3a() throws Exception {
    try (MinIOContainer minio = new MinIOContainer(MINIO_IMAGE)) {
      minio.start();
      minio.execInContainer("mkdir", "-p", "/data/flotilla"); // a bucket, in MinIO's FS layout
      SparkConf conf = SparkSessions.conf(Sparks.engine("local[2]", tmp), "flotilla-s3a-test")
          .set("spark.ui.enabled", "false")
          .set("spark.hadoop.fs.s3a.endpoint", minio.getS3URL())
          .set("spark.hadoop.fs.s3a.access.key", minio.getUserName())
          .set("spark.hadoop.fs.s3a.secret.key", minio.getPassword())
          .set("spark.hadoop.fs.s3a.path.style.access", "true")
          .set("spark.hadoop.fs.s3a.connection.ssl.enabled", "false");
      SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
      try {
        String runDir = "s3a://flotilla/runs/burn";
        var job = new TestUnits.UnitsJob(Sparks.engine("local[2]", tmp).withRunDir(runDir),
            List.of(new BurnUnit(0, 0.2), new BurnUnit(1, 0.3)));
        RunManifest m = Flotilla.run(spark, job);
        assertThat(m.count(UnitState.COMMITTED)).isEqualTo(2);
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        assertThat(Flotilla.status(runDir, hadoop).count(UnitState.COMMITTED)).isEqualTo(2);
        RunManifest again = Flotilla.run(spark, job);
        assertThat(again.units.values()).allMatch(e -> e.attempts.stream().allMatch(a -> a.driverRun() == 0));
      } finally {
        spark.stop();
      }
    }
  }

  @Test
  void unitsRunOnASparkStandaloneCluster() throws Exception {
    int driverPort = freePort();
    int blockManagerPort = freePort();
    Testcontainers.exposeHostPorts(driverPort, blockManagerPort);
    try (Network net = Network.newNetwork();
         GenericContainer<?> master = new GenericContainer<>(SPARK_IMAGE)
             .withNetwork(net).withNetworkAliases("spark-master")
             .withCommand("/opt/spark/bin/spark-class", "org.apache.spark.deploy.master.Master",
                 "--host", "spark-master", "--port", "7077")
             .withExposedPorts(7077)
             .waitingFor(Wait.forLogMessage(".*I have been elected leader.*", 1));
         GenericContainer<?> worker = new GenericContainer<>(SPARK_IMAGE)
             .withNetwork(net)
             .withCommand("/opt/spark/bin/spark-class", "org.apache.spark.deploy.worker.Worker",
                 "--cores", "2", "--memory", "1g", "spark://spark-master:7077")
             .waitingFor(Wait.forLogMessage(".*Successfully registered with master.*", 1))) {
      master.start();
      worker.start();
      String masterUrl = "spark://" + master.getHost() + ":" + master.getMappedPort(7077);
      EngineSettings engine = Sparks.engine(masterUrl, tmp.resolve("run"));
      SparkConf conf = SparkSessions.conf(engine, "flotilla-standalone-test")
          .set("spark.ui.enabled", "false")
          .set("spark.driver.host", "host.testcontainers.internal")
          .set("spark.driver.bindAddress", "0.0.0.0")
          .set("spark.driver.port", Integer.toString(driverPort))
          .set("spark.blockManager.port", Integer.toString(blockManagerPort))
          .set("spark.jars", Sparks.applicationJarPath(tmp).toString());
      SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
      try {
        // The run dir must be shared by driver and executors: the worker container writes to
        // its own /tmp, so the committed state is read back through the executors' results.
        var job = new TestUnits.UnitsJob(engine.withRunDir("file:///tmp/flotilla-run"),
            List.of(new BurnUnit(0, 0.5), new BurnUnit(1, 0.5), new BurnUnit(2, 0.5)));
        RunManifest m = Flotilla.run(spark, job);
        assertThat(m.count(UnitState.COMMITTED)).isEqualTo(3);
        assertThat(m.units.values()).allMatch(e -> !"driver".equals(e.attempts.get(0).executorId()));
      } finally {
        spark.stop();
      }
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
