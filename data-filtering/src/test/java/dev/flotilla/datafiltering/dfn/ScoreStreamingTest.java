package dev.flotilla.datafiltering.dfn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.datafiltering.curation.ScoreTables;
import dev.flotilla.datafiltering.model.ClipSpec;
import dev.flotilla.datafiltering.model.DjlClipModel;
import dev.flotilla.datafiltering.pool.GrayPng;
import dev.flotilla.datafiltering.pool.PoolFiles;
import dev.flotilla.datafiltering.pool.PoolFormat;
import dev.flotilla.datafiltering.pool.PoolMaker;
import dev.flotilla.datafiltering.pool.PoolSample;
import dev.flotilla.datafiltering.pool.PoolWriter;
import dev.flotilla.datafiltering.pool.UidSet;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.unit.ComputeBudget;
import dev.flotilla.executors.unit.UnitCache;
import dev.flotilla.executors.unit.UnitCodec;
import dev.flotilla.executors.backend.djl.DeviceChoice;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming, for real: a scoring unit in a child JVM whose heap (-Xmx64m) is smaller than the
 * shard it scores, and every pair of the shard gets a score. The shard's images are 128x128
 * noisy PNGs (~16 KB each, as web images are larger than Fashion-MNIST's), which the scorer
 * decodes and scales down to 28x28, so the shard outgrows the heap with few pairs.
 */
class ScoreStreamingTest {

  static final int HEAP_MB = 64;
  static final int PAIRS = 5_000;
  static final int SIDE = 128;

  @TempDir Path tmp;

  static byte[] noisyPng(java.util.Random rng) {
    byte[] px = new byte[SIDE * SIDE];
    rng.nextBytes(px);
    return GrayPng.encode(px, SIDE, SIDE);
  }

  @Test
  void aShardLargerThanTheHeapIsScored() throws Exception {
    Configuration conf = new Configuration();
    ClipSpec spec = dev.flotilla.datafiltering.model.TinyClip.SPEC;
    String poolId = "pool-big";
    String modelId = "train-big";
    Path shard = tmp.resolve("units").resolve(poolId).resolve("shard.tar");
    Files.createDirectories(shard.getParent());
    PoolMaker maker = new PoolMaker(PoolFiles.poolImages(UnitCache.none(), "/usr/share/datasets/fashion-mnist", 5000,
        new org.apache.hadoop.conf.Configuration()),
        new double[] {0.4, 0.25, 0.2, 0.15}, 5);
    UidSet expected = new UidSet();
    java.util.Random rng = new java.util.Random(9);
    try (PoolWriter tar = PoolFormat.WEBDATASET.create(new org.apache.hadoop.fs.Path(shard.toUri()), conf)) {
      maker.writeShard(0, PAIRS, new PoolWriter() { // remembers the uids it writes
        @Override public void write(PoolSample s) throws java.io.IOException {
          expected.add(s.uid());
          tar.write(new PoolSample(s.key(), s.uid(), noisyPng(rng), "png", s.text(), s.json()));
        }
        @Override public long samples() { return tar.samples(); }
        @Override public void close() {}
      }, new StringWriter());
    }
    assertThat(Files.size(shard)).isGreaterThan((HEAP_MB + 8L) << 20);
    Path model = tmp.resolve("units").resolve(modelId).resolve(DfnTrainUnit.MODEL_FILE);
    Files.createDirectories(model.getParent());
    try (DjlClipModel m = Backends.forKind(DjlClipModel.FAMILY, ClipSpec.KIND).build(spec, 1, ComputeBudget.ofCpus(1));
         OutputStream out = Files.newOutputStream(model)) {
      m.save(out); // untrained: only the streaming is under test, not the scores' quality
    }
    DfnScoreUnit unit = DfnScoreUnit.trained(ShardRef.ofUnit(poolId, "shard.tar"), modelId, spec, 256, null, null, DeviceChoice.AUTO);
    String id = UnitCodec.idOf(unit);
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + HEAP_MB + "m", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
        ScoreShardMain.class.getName(), tmp.toUri().toString(), id, UnitCodec.toJson(unit)));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    java.util.regex.Matcher heap = java.util.regex.Pattern.compile("heap_max_mb=(\\d+)").matcher(out);
    assertThat(heap.find()).as(out).isTrue();
    assertThat(Integer.parseInt(heap.group(1))).as("the child's heap").isLessThanOrEqualTo(HEAP_MB);
    // Every pair of the shard has exactly one score.
    long[] rows = {0};
    boolean[] unknown = {false};
    ScoreTables.forEachScore(new org.apache.hadoop.fs.Path(tmp.resolve("units").resolve(id)
        .resolve(DfnScoreUnit.SCORES_FILE).toUri()), conf, (uid, s) -> {
          rows[0]++;
          unknown[0] |= expected.add(uid) || !(s >= -1.001f && s <= 1.001f);
        });
    assertThat(rows[0]).isEqualTo(PAIRS);
    assertThat(unknown[0]).as("a score for a uid not in the shard, or outside [-1, 1]").isFalse();
    assertThat(expected.size()).isEqualTo(PAIRS);
  }
}
