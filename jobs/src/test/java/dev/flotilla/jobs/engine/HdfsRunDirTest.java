package dev.flotilla.jobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.jobs.testing.Sparks;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep with its run dir on a real HDFS (MiniDFSCluster: NameNode + DataNode in this JVM). */
class HdfsRunDirTest {

  @TempDir static Path base;
  static MiniDFSCluster hdfs;
  static SparkSession spark;

  @BeforeAll
  static void start() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("dfs").toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
    spark = Sparks.local();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  @Test
  void unitsCommitManifestAndReportLiveOnHdfs() throws Exception {
    String runDir = hdfs.getURI() + "/runs/sweep-hdfs";
    JobSpec job = Sparks.job("""
        job = sweep
        engine { run-dir = "%s", master = "local[2]", progress = false, checkpoint-every = 5 }
        sweep {
          backend = djl
          data { train-limit = 1000, test-limit = 300 }
          batch-size = 50
          mlp { widths = [[16], [32]], learning-rates = [0.003] }
          cnn { widths = [], learning-rates = [] }
        }
        """.formatted(runDir));
    RunManifest m = Flotilla.run(spark, job);
    assertThat(m.runDir).startsWith("hdfs://");
    FileSystem fs = hdfs.getFileSystem();
    for (UnitEntry e : m.units.values()) {
      assertThat(e.state).isEqualTo(UnitState.COMMITTED);
      assertThat(fs.exists(new org.apache.hadoop.fs.Path("/runs/sweep-hdfs/units/" + e.id + "/model.bin"))).isTrue();
    }
    assertThat(fs.exists(new org.apache.hadoop.fs.Path("/runs/sweep-hdfs/_checkpoints"))
        && fs.listStatus(new org.apache.hadoop.fs.Path("/runs/sweep-hdfs/_checkpoints")).length > 0)
        .as("checkpoints are removed once units commit").isFalse();
    assertThat(fs.exists(new org.apache.hadoop.fs.Path("/runs/sweep-hdfs/report/index.html"))).isTrue();
    assertThat(fs.exists(new org.apache.hadoop.fs.Path("/runs/sweep-hdfs/report/sweep-accuracy-vs-flops.png"))).isTrue();
    assertThat(fs.exists(new org.apache.hadoop.fs.Path("/runs/sweep-hdfs/_lock"))).isFalse();

    // The status command reads the manifest back from HDFS; a rerun executes nothing.
    RunManifest read = Flotilla.status(runDir, new Configuration());
    assertThat(read.count(UnitState.COMMITTED)).isEqualTo(2);
    RunManifest again = Flotilla.run(spark, job);
    assertThat(again.units.values()).allMatch(e -> e.attempts.stream().allMatch(a -> a.driverRun() == 0));
  }
}
