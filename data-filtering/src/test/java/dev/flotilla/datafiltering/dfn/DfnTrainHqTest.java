package dev.flotilla.datafiltering.dfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.datafiltering.model.ClipSpec;
import dev.flotilla.datafiltering.model.DjlClipModel;
import dev.flotilla.datafiltering.model.WordTokenizer;
import dev.flotilla.datafiltering.pool.PoolFormat;
import dev.flotilla.datafiltering.pool.PoolMaker;
import dev.flotilla.datafiltering.pool.PoolSample;
import dev.flotilla.datafiltering.pool.PoolWriter;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.data.ImageData;
import dev.flotilla.executors.data.LabeledImages;
import dev.flotilla.executors.unit.ComputeBudget;
import dev.flotilla.executors.unit.UnitCache;
import dev.flotilla.executors.unit.UnitCodec;
import dev.flotilla.executors.unit.UnitResult;
import dev.flotilla.executors.unit.UnitRunner;
import dev.flotilla.executors.unit.UnitStatus;
import dev.flotilla.executors.unit.UnitTask;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in filtering network trained on a user's high-quality set ({@code dfn.train.hq}):
 * real WebDataset and Parquet shards written here, with bad rows that must be counted, never
 * dropped silently; the trained network must tell matching captions from others.
 */
class DfnTrainHqTest {

  static final String FASHION_MNIST = "/usr/share/datasets/fashion-mnist";
  static final ClipSpec SPEC = dev.flotilla.datafiltering.model.TinyClip.SPEC;

  @TempDir Path tmp;

  /** Correctly captioned Fashion-MNIST pairs (images [0, n)): a clean high-quality set. */
  static List<PoolSample> cleanPairs(int n) throws Exception {
    LabeledImages images = ImageData.train(UnitCache.none(), FASHION_MNIST, n, new org.apache.hadoop.conf.Configuration());
    PoolMaker maker = new PoolMaker(images, new double[] {1, 0, 0, 0}, 3);
    List<PoolSample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(maker.make(i).sample());
    }
    return out;
  }

  static void write(Path file, List<PoolSample> samples) throws Exception {
    try (PoolWriter w = PoolFormat.ofFile(file.getFileName().toString())
        .create(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration())) {
      for (PoolSample s : samples) {
        w.write(s);
      }
    }
  }

  static PoolSample withImage(PoolSample s, byte[] image) {
    return new PoolSample(s.key(), s.uid(), image, s.imageExt(), s.text(), s.json());
  }

  UnitResult run(DfnTrainUnit unit) {
    return UnitRunner.run(new UnitTask(UnitCodec.idOf(unit), unit.kind(), unit.name(), UnitCodec.toJson(unit), 0, 1,
        11, tmp.resolve("run").toUri().toString(), 1000, Map.of()), 0, "exec-1");
  }

  @Test
  void trainsOnTheUsersShardsAndCountsEveryPairItLeavesOut() throws Exception {
    List<PoolSample> clean = cleanPairs(800);
    // A WebDataset shard with 3 images that do not decode, and a Parquet shard holding 2 pairs
    // again (same uids) and one row without a caption.
    List<PoolSample> tar = new ArrayList<>(clean.subList(0, 400));
    for (int i = 0; i < 3; i++) {
      tar.set(10 * i, withImage(tar.get(10 * i), "not an image".getBytes()));
    }
    List<PoolSample> parquet = new ArrayList<>(clean.subList(400, 800));
    parquet.add(clean.get(1));
    parquet.add(clean.get(2));
    PoolSample noText = clean.get(799);
    parquet.set(399, new PoolSample(noText.key(), noText.uid(), noText.image(), "png", null, null));
    Path dir = tmp.resolve("hq");
    Files.createDirectories(dir.resolve("b"));
    write(dir.resolve("a-000.tar"), tar);
    write(dir.resolve("b").resolve("b-000.parquet"), parquet);

    DfnTrainUnit unit = new DfnTrainUnit(SPEC, FASHION_MNIST, 1, 250, 64, 5,
        List.of(dir.resolve("a-000.tar").toUri().toString(), dir.resolve("b").resolve("b-000.parquet").toUri().toString()),
        null);
    UnitResult r = run(unit);
    assertThat(r.status()).as(r.error()).isEqualTo(UnitStatus.COMMITTED);
    assertThat(r.metrics()).containsEntry("hq_pairs", 800.0 - 3 - 1)
        .containsEntry("hq_skipped.corrupt_image", 3.0)
        .containsEntry("hq_skipped.duplicate_uid", 2.0)
        .containsEntry("hq_skipped.missing_text", 1.0);
    assertThat(r.facts()).containsEntry("device", "cpu").doesNotContainKey("device_fallback");

    // Learned from those pairs: a matching caption scores above another pair's caption.
    float[] x = new float[256 * SPEC.preprocessing().floats()];
    List<String> own = new ArrayList<>();
    List<String> other = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      PoolSample s = clean.get(400 + i);
      assertThat(SPEC.preprocessing().apply(s.image(), x, i, new int[2])).isEmpty();
      own.add(s.text());
      other.add(clean.get(400 + (i + 37) % 256).text());
    }
    Path model = tmp.resolve("run").resolve("units").resolve(UnitCodec.idOf(unit)).resolve(DfnTrainUnit.MODEL_FILE);
    try (InputStream in = Files.newInputStream(model);
         DjlClipModel m = Backends.forKind(DjlClipModel.FAMILY, ClipSpec.KIND).restore(SPEC, in, ComputeBudget.ofCpus(1))) {
      WordTokenizer tokens = new WordTokenizer(SPEC.contextLength(), SPEC.vocabSize());
      double matched = mean(m.scorePairs(x, tokens.encode(own), 256));
      double mismatched = mean(m.scorePairs(x, tokens.encode(other), 256));
      assertThat(matched - mismatched).as("matched %.3f, mismatched %.3f", matched, mismatched).isGreaterThan(0.1);
    }
  }

  @Test
  void aMissingShardFailsTheUnitWithOneLineNamingIt() throws Exception {
    String missing = tmp.resolve("nowhere").resolve("hq-000.tar").toUri().toString();
    UnitResult r = run(new DfnTrainUnit(SPEC, FASHION_MNIST, 1, 10, 8, 5, List.of(missing), null));
    assertThat(r.status()).isEqualTo(UnitStatus.FAILED);
    assertThat(r.error().lines().findFirst().orElseThrow()).contains("dfn.train.hq").contains(missing);
  }

  @Test
  void aSetWithoutUsablePairsFailsSayingWhatWasLeftOut() throws Exception {
    List<PoolSample> broken = new ArrayList<>();
    for (PoolSample s : cleanPairs(5)) {
      broken.add(withImage(s, new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
    }
    Path shard = tmp.resolve("broken.tar");
    write(shard, broken);
    UnitResult r = run(new DfnTrainUnit(SPEC, FASHION_MNIST, 1, 10, 8, 5, List.of(shard.toUri().toString()), null));
    assertThat(r.status()).isEqualTo(UnitStatus.FAILED);
    assertThat(r.error().lines().findFirst().orElseThrow()).contains("dfn.train.hq").contains("0 usable pair")
        .contains("corrupt_image=5");
  }

  @Test
  void aSetLargerThanItsMemoryBoundFailsNamingTheShardInsteadOfExhaustingTheHeap() throws Exception {
    Path shard = tmp.resolve("big.tar");
    write(shard, cleanPairs(100));
    // 100 pairs hold ~240 KB preprocessed (28x28 RGB bytes); allow 64 KB.
    assertThatThrownBy(() -> HqPairs.read(List.of(shard.toUri().toString()), new Configuration(),
        dev.flotilla.datafiltering.pool.CaptionDecoding.REPLACE, 64 << 10, SPEC.preprocessing()))
        .isInstanceOf(java.io.IOException.class).hasMessageContaining("dfn.train.hq")
        .hasMessageContaining(shard.toUri().toString()).hasMessageContaining("give executors more memory");
    HqPairs fits = HqPairs.read(List.of(shard.toUri().toString()), new Configuration(),
        dev.flotilla.datafiltering.pool.CaptionDecoding.REPLACE, 1 << 20, SPEC.preprocessing());
    assertThat(fits.size()).isEqualTo(100);
    assertThat(fits.rgb()).hasSize(100 * 3 * 28 * 28);
    assertThat(fits.skipped().total()).isZero();
  }

  @Test
  void theFashionMnistUnitKeepsItsJsonAndId() {
    DfnTrainUnit unit = new DfnTrainUnit(SPEC, FASHION_MNIST, 10000, 400, 128, 8);
    String json = UnitCodec.toJson(unit);
    assertThat(json).doesNotContain("hqShards").doesNotContain("invalidUtf8");
    assertThat(UnitCodec.fromJson(DfnTrainUnit.KIND, json)).isEqualTo(unit);
  }

  private static double mean(float[] v) {
    double s = 0;
    for (float f : v) {
      s += f;
    }
    return s / v.length;
  }
}
