package dev.flotilla.jobs.dfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.datafiltering.dfn.DfnCurateUnit;
import dev.flotilla.datafiltering.dfn.DfnTrainUnit;
import dev.flotilla.datafiltering.pool.PoolFormat;
import dev.flotilla.datafiltering.pool.PoolMaker;
import dev.flotilla.datafiltering.pool.PoolSample;
import dev.flotilla.datafiltering.pool.PoolWriter;
import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.executors.data.ImageData;
import dev.flotilla.executors.data.LabeledImages;
import dev.flotilla.executors.unit.UnitCache;
import dev.flotilla.jobs.testing.Sparks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dfn.train.hq}: the job trains its filtering network on a user's high-quality set kept on
 * a real HDFS (MiniDFSCluster in this JVM) as one WebDataset and one Parquet shard, with bad rows
 * that the report counts; the network trained there curates the job's noisy pool.
 */
class DfnHqRunTest {

  @TempDir static Path base;
  static MiniDFSCluster hdfs;
  static SparkSession spark;

  @TempDir Path tmp;

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

  /** Correct captions of training images [0, n), written to {@code file} with 2 undecodable images and 1 repeated pair. */
  static void writeHq(String file, int from, int n, Configuration conf) throws Exception {
    LabeledImages images = ImageData.train(UnitCache.none(), "/usr/share/datasets/fashion-mnist", 3000, conf);
    PoolMaker maker = new PoolMaker(images, new double[] {1, 0, 0, 0}, 21);
    try (PoolWriter w = PoolFormat.ofFile(file).create(new org.apache.hadoop.fs.Path(file), conf)) {
      for (int i = from; i < from + n; i++) {
        PoolSample s = maker.make(i).sample();
        w.write(i - from < 2 ? new PoolSample(s.key(), s.uid(), new byte[] {1, 2, 3}, "png", s.text(), s.json()) : s);
      }
      w.write(maker.make(from + 5).sample());
    }
  }

  static String conf(Path runDir, String hq) {
    return """
        job = dfn
        engine { run-dir = "%s", master = "local[2]", progress = false }
        dfn {
          pool { samples = 4000, shard-size = 2000, hq-images = 3000 }
          train { steps = 150, batch-size = 128, hq = "%s" }
          keep-fraction = 0.3
          downstream.subsets = []
        }
        """.formatted(runDir.toUri(), hq);
  }

  @Test
  void trainsOnTheUsersSetOnHdfsAndCuratesWithIt() throws Exception {
    String dir = hdfs.getFileSystem().getUri() + "/user/hq";
    Configuration conf = hdfs.getFileSystem().getConf();
    writeHq(dir + "/part-0.tar", 0, 1500, conf);
    writeHq(dir + "/more/part-1.parquet", 1500, 1500, conf);
    JobSpec job = Sparks.job(conf(tmp, dir));
    RunManifest m = Flotilla.run(spark, job);
    assertThat(m.units.values()).allMatch(e -> e.state == UnitState.COMMITTED);
    UnitEntry train = m.units.values().stream().filter(e -> e.kind.equals(DfnTrainUnit.KIND)).findFirst().orElseThrow();
    assertThat(train.spec().path("hqShards")).hasSize(2);
    assertThat(train.metrics).containsEntry("hq_pairs", 3000.0 - 4)
        .containsEntry("hq_skipped.corrupt_image", 4.0).containsEntry("hq_skipped.duplicate_uid", 2.0);
    UnitEntry curate = m.units.values().stream().filter(e -> e.kind.equals(DfnCurateUnit.KIND)).findFirst().orElseThrow();
    // The pool is 40% clean; a network that learned captions from the user's set keeps far cleaner pairs.
    assertThat(curate.metrics.get("precision")).isGreaterThan(0.7);
    assertThat(Files.readString(tmp.resolve("report/report.md")))
        .contains("trained on your high-quality set: 2996 pairs from 2 shard(s) of " + dir)
        .contains("corrupt_image=4 duplicate_uid=2");
  }

  @Test
  void aMissingSetOrOneWithATorchScriptModelIsAConfigErrorNamingTheKey() {
    String missing = tmp.resolve("no-such-hq").toUri().toString();
    assertThatThrownBy(() -> Sparks.job(conf(tmp, missing))).hasMessageContaining("dfn.train.hq")
        .hasMessageContaining("no-such-hq");
    assertThatThrownBy(() -> Sparks.job(conf(tmp, missing).replace("keep-fraction", """
        model { source = torchscript, torchscript = "/x.pt" }
        keep-fraction"""))).hasMessageContaining("dfn.train.hq");
  }

  @Test
  void scoringOnAGpuNeedsGpusPerUnit() throws Exception {
    Path hq = tmp.resolve("hq.tar");
    writeHq(hq.toUri().toString(), 0, 10, new Configuration());
    assertThatThrownBy(() -> Sparks.job(conf(tmp, hq.toUri().toString()).replace("keep-fraction",
        "score.device = gpu\n  keep-fraction"))).hasMessageContaining("dfn.score.device")
        .hasMessageContaining("engine.gpus-per-unit");
    assertThat(((DfnJob) Sparks.job(conf(tmp, hq.toUri().toString()))).plan().units())
        .anyMatch(u -> u.kind().equals(DfnTrainUnit.KIND) && u.name().equals("dfn-train-hq-1-shards"));
  }
}
