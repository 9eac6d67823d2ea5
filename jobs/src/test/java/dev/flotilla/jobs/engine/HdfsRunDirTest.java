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
    hdfs = dev.flotilla.jobs.testing.MiniHdfs.start(base);
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

  /**
   * Input data on HDFS too: Fashion-MNIST's four files copied into HDFS feed the sweep and
   * SortedNet (plan-time checks and the units' reads), so no worker needs a local copy.
   */
  @Test
  void sweepAndSortedNetReadFashionMnistFromHdfs(@TempDir Path tmp) throws Exception {
    FileSystem fs = hdfs.getFileSystem();
    org.apache.hadoop.fs.Path data = new org.apache.hadoop.fs.Path("/datasets/fashion-mnist");
    fs.mkdirs(data);
    try (var files = java.nio.file.Files.list(Path.of(dev.flotilla.executors.data.FashionMnist.DEBIAN_DIR))) {
      for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith("-ubyte.gz"))::iterator) {
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(f.toString()), new org.apache.hadoop.fs.Path(data, f.getFileName().toString()));
      }
    }
    String dir = hdfs.getURI() + "/datasets/fashion-mnist";
    JobSpec sweep = Sparks.job("""
        job = sweep
        engine { run-dir = "%s", master = "local[2]", progress = false }
        sweep {
          backend = djl
          data { dir = "%s", train-limit = 600, test-limit = 200 }
          batch-size = 50
          mlp { widths = [[16]], learning-rates = [0.003] }
          cnn { widths = [], learning-rates = [] }
        }
        """.formatted(tmp.resolve("sweep").toUri(), dir));
    assertThat(Flotilla.run(spark, sweep).count(UnitState.COMMITTED)).isEqualTo(1);
    JobSpec sorted = Sparks.job("""
        job = sortednet
        engine { run-dir = "%s", master = "local[2]", progress = false }
        sortednet {
          model { kind = mlp, width = 16, depth = 2, learning-rate = 0.003 }
          grid { widths = [0.5, 1.0], depths = [2] }
          data { dir = "%s", train-limit = 600, test-limit = 200, valid-fraction = 0.2 }
          epochs = 1
          batch-size = 50
          trainings = [{policy = sandwich, per-step = 2, seed = 1}]
          baseline = []
        }
        """.formatted(tmp.resolve("sortednet").toUri(), dir));
    RunManifest m = Flotilla.run(spark, sorted);
    assertThat(m.units.values()).allMatch(e -> e.state == UnitState.COMMITTED);

    // A folder that is not there fails at plan time, naming the key and the HDFS path.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Sparks.job("""
        job = sweep
        engine { run-dir = "%s" }
        sweep.data.dir = "%s/missing"
        """.formatted(tmp.resolve("x").toUri(), dir)))
        .hasMessageContaining("sweep.data.dir").hasMessageContaining(dir + "/missing/train-images-idx3-ubyte.gz");
  }
}
