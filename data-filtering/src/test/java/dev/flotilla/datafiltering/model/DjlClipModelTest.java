package dev.flotilla.datafiltering.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.datafiltering.pool.CaptionStyle;
import dev.flotilla.datafiltering.pool.PoolMaker;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.backend.ModelFactory;
import dev.flotilla.executors.data.FashionMnist;
import dev.flotilla.executors.data.LabeledImages;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in CLIP: both towers' forward properties, its size at ViT-B/32's shape, same seed
 * same bytes, and real image-text agreement learned on Fashion-MNIST.
 */
class DjlClipModelTest {

  /** The tiny CLIP of dfn.conf at Fashion-MNIST's 28 pixels (see TinyClip). */
  static final ClipSpec TINY = TinyClip.SPEC;
  static LabeledImages train;
  static LabeledImages test;
  static final ComputeBudget ONE = ComputeBudget.ofCpus(1);
  static final WordTokenizer TOKENS = new WordTokenizer(TINY.contextLength(), TINY.vocabSize());
  /** Through the registry: data-filtering contributes this family to it. */
  static final ModelFactory<ClipSpec, DjlClipModel> DJL = Backends.require("djl", DjlClipModel.FAMILY, ClipSpec.KIND);

  @BeforeAll
  static void data() throws Exception {
    train = FashionMnist.train(Path.of(FashionMnist.DEBIAN_DIR)).head(6400);
    test = FashionMnist.test(Path.of(FashionMnist.DEBIAN_DIR)).head(1000);
  }

  /** Images {@code [from, from + n)} of {@code data} through the network's CLIP preprocessing. */
  static float[] preprocessed(LabeledImages data, int[] index, ClipSpec spec) {
    ClipPreprocessing pre = spec.preprocessing();
    float[] gray = new float[index.length * data.exampleSize()];
    data.gather(index, 0, index.length, gray, new int[index.length]);
    float[] x = new float[index.length * pre.floats()];
    for (int i = 0; i < index.length; i++) {
      pre.applyGray(gray, i * data.exampleSize(), data.width(), data.height(), x, i);
    }
    return x;
  }

  static int[] range(int from, int n) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = from + i;
    }
    return idx;
  }

  @Test
  void theViTB32ShapeHasClipsParameterCount() {
    // OpenAI's ViT-B/32: 151,277,313 parameters (87.8M image tower, 63.4M text tower, the scale).
    assertThat(ClipSpec.vitB32(null, 1e-4).parameterCount()).isCloseTo(151_277_313L, Offset.offset(150_000L));
    assertThat(ClipSpec.vitB32(null, 1e-4).imageTokens()).isEqualTo(50);
  }

  @Test
  void bothTowersGiveUnitEmbeddingsWhateverTheirBatch() {
    ClipSpec spec = TINY;
    try (DjlClipModel m = DJL.build(spec, 3, ONE)) {
      assertThat(m.parameterCount()).isEqualTo(spec.parameterCount());
      int n = 6;
      float[] x = preprocessed(test, range(0, n), spec);
      List<String> texts = List.of("a photo of a sneaker", "bag", "a long caption about a grey pullover with sleeves",
          "ankle boot", "", "dress");
      long[] tokens = TOKENS.encode(texts);
      float[] sim = m.similarities(x, n, tokens, n);
      assertThat(sim).hasSize(n * n);
      float[] own = m.scorePairs(x, tokens, n);
      for (int i = 0; i < n; i++) {
        assertThat(own[i]).as("cosine of pair %d", i).isBetween(-1f, 1f).isCloseTo(sim[i * n + i], Offset.offset(1e-5f));
      }
      // Alone, a pair scores as in the batch: the text tower stops at the batch's longest caption,
      // and under the causal mask padding after the end-of-text token changes nothing.
      for (int i = 0; i < n; i++) {
        float[] xi = java.util.Arrays.copyOfRange(x, i * spec.preprocessing().floats(), (i + 1) * spec.preprocessing().floats());
        float alone = m.scorePairs(xi, TOKENS.encode(List.of(texts.get(i))), 1)[0];
        assertThat(alone).as("pair %d alone", i).isCloseTo(own[i], Offset.offset(1e-5f));
      }
      // Different images and captions embed differently (no collapsed tower at initialization).
      assertThat(sim[0]).isNotEqualTo(sim[1]);
      assertThat(sim[0]).isNotEqualTo(sim[n]);
    }
  }

  /**
   * Batches leave nothing in the model's memory. DJL puts an operation's result in its receiver's
   * manager, so a view of a weight made per batch (a reshape, a slice of the positions) stayed until
   * the model closed: a few hundred bytes of native and Java memory per batch, ~100 MB of an
   * executor's growth over 10M scored pairs.
   */
  @Test
  void batchesLeaveNothingInTheModelsMemory() {
    try (DjlClipModel m = DJL.build(TINY, 3, ONE)) {
      int n = 4;
      float[] x = preprocessed(test, range(0, n), TINY);
      long[] tokens = TOKENS.encode(List.of("a sneaker", "bag", "grey pullover", "ankle boot"));
      m.scorePairs(x, tokens, n);
      m.step(x, tokens, n); // Adam's moments are made on the first step
      int held = m.heldArrays();
      for (int i = 0; i < 3; i++) {
        m.scorePairs(x, tokens, n);
        m.similarities(x, n, tokens, 2);
        m.step(x, tokens, n);
      }
      assertThat(m.heldArrays()).isEqualTo(held);
    }
  }

  @Test
  void tokenIdsOutsideTheVocabularyFailNamingTheKey() {
    ClipSpec small = new ClipSpec(28, 14, 16, 1, 1, 2, 16, 1, 1, 8, 300, 8, null, 1e-3);
    try (DjlClipModel m = DJL.build(small, 1, ONE)) {
      long[] tokens = new ByteTokenizer(8).encode(List.of("x")); // its end of text is 49407
      assertThatThrownBy(() -> m.scorePairs(new float[small.preprocessing().floats()], tokens, 1))
          .hasMessageContaining("token id 49406").hasMessageContaining("dfn.model.vocab-size");
    }
  }

  @Test
  void theSameSeedGivesTheSameBytes() throws Exception {
    ClipSpec spec = new ClipSpec(28, 14, 16, 1, 2, 2, 16, 1, 2, 32, ClipSpec.CLIP_VOCAB, 8, null, 1e-3);
    byte[][] saved = new byte[3][];
    for (int run = 0; run < 3; run++) {
      try (DjlClipModel m = DJL.build(spec, run < 2 ? 5 : 6, ONE)) {
        PoolMaker clean = new PoolMaker(train, new double[] {1, 0, 0, 0}, 5);
        for (int step = 0; step < 3; step++) {
          int[] idx = range(step * 16, 16);
          List<String> texts = new ArrayList<>();
          for (int i : idx) {
            texts.add(clean.make(i).sample().text());
          }
          m.step(preprocessed(train, idx, spec), new ByteTokenizer(32).encode(texts), 16);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.save(out);
        saved[run] = out.toByteArray();
      }
    }
    assertThat(saved[1]).as("same seed, same steps").isEqualTo(saved[0]);
    assertThat(saved[2]).as("another seed").isNotEqualTo(saved[0]);
  }

  @Test
  void learnsImageTextAgreementOnFashionMnist() throws Exception {
    DjlClipModel m = DJL.build(TINY, 1, ONE);
    try (m) {
      PoolMaker captions = new PoolMaker(train, new double[] {1, 0, 0, 0}, 5);
      int batch = 128;
      double first = 0;
      double last = 0;
      int steps = 150;
      for (int step = 0; step < steps; step++) {
        int[] idx = new int[batch];
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
          idx[i] = (step * batch + i) % train.size();
          texts.add(captions.make(idx[i]).sample().text());
        }
        double loss = m.step(preprocessed(train, idx, TINY), TOKENS.encode(texts), batch);
        first += step < 10 ? loss / 10 : 0;
        last += step >= steps - 10 ? loss / 10 : 0;
      }
      assertThat(first).as("chance: ln 128").isCloseTo(Math.log(batch), Offset.offset(0.3));
      assertThat(last).as("loss of the last 10 steps").isLessThan(first - 1.0);

      // Zero-shot: the class prompt with the highest similarity.
      List<String> prompts = new ArrayList<>();
      for (String c : new String[] {"t-shirt", "trousers", "pullover", "dress", "coat", "sandal",
          "shirt", "sneaker", "bag", "ankle boot"}) {
        prompts.add("a photo of a " + c);
      }
      float[] x = preprocessed(test, range(0, test.size()), TINY);
      float[] sim = m.similarities(x, test.size(), TOKENS.encode(prompts), prompts.size());
      int correct = 0;
      for (int i = 0; i < test.size(); i++) {
        int best = 0;
        for (int k = 1; k < 10; k++) {
          best = sim[i * 10 + k] > sim[i * 10 + best] ? k : best;
        }
        correct += best == test.label(i) ? 1 : 0;
      }
      System.out.printf("tiny CLIP after %d steps: loss %.3f -> %.3f, zero-shot %.3f%n", steps, first, last,
          correct / (double) test.size());
      // Prompts without the attributes every training caption has: well above chance (0.56 measured).
      assertThat(correct / (double) test.size()).as("zero-shot accuracy (chance 0.1)").isGreaterThan(0.4);

      // Filtering: clean pairs outscore noisy ones (AUC over the test pairs).
      PoolMaker noisy = new PoolMaker(test, new double[] {0.5, 0.2, 0.2, 0.1}, 9);
      List<String> texts = new ArrayList<>();
      List<Boolean> clean = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        PoolMaker.Made made = noisy.make(i);
        texts.add(made.sample().text());
        clean.add(made.style() == CaptionStyle.CORRECT);
      }
      float[] scores = m.scorePairs(x, TOKENS.encode(texts), 1000);
      long pairs = 0;
      long wins = 0;
      for (int i = 0; i < 1000; i++) {
        for (int j = 0; j < 1000; j++) {
          if (clean.get(i) && !clean.get(j)) {
            pairs++;
            wins += scores[i] > scores[j] ? 1 : 0;
          }
        }
      }
      System.out.printf("AUC %.3f%n", wins / (double) pairs);
      assertThat(wins / (double) pairs).as("AUC of clean vs noisy").isGreaterThan(0.9);
      assertThat(m.temperature()).isPositive().isLessThan(1f);

      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      m.save(bytes);
      try (DjlClipModel back = DJL.restore(TINY, new ByteArrayInputStream(bytes.toByteArray()), ONE)) {
        assertThat(back.scorePairs(x, TOKENS.encode(texts), 1000)).containsExactly(scores, Offset.offset(1e-6f));
        assertThat(back.threads()).as("its budget's cores").isEqualTo(1);
      }
      ClipSpec wider = new ClipSpec(28, 7, 48, 2, 2, 4, 32, 2, 2, 77, ClipSpec.CLIP_VOCAB, 32, null, 2e-3);
      assertThatThrownBy(() -> DJL.restore(wider, new ByteArrayInputStream(bytes.toByteArray()), ONE))
          .hasMessageContaining("do not match");
    }
  }

  /**
   * Training is bit-for-bit the same while the JVM collects garbage, and stays finite. DJL puts a
   * Java number of {@code mul(Number)} and the like on a direct buffer that libtorch aliases and
   * frees when the op returns, while autograd reads it again in the backward pass: with the
   * attention scale or the loss's half passed that way, a collector running beside training made
   * the gradients differ, or NaN, at random steps.
   */
  @Test
  void trainingIsTheSameWhileGarbageIsCollected() throws Exception {
    Trained quiet = trainSteps(false);
    Trained collected = trainSteps(true);
    assertThat(quiet.losses()).allSatisfy(l -> assertThat(l).isFinite());
    assertThat(collected.losses()).containsExactlyElementsOf(quiet.losses());
    assertThat(collected.weights()).isEqualTo(quiet.weights());
  }

  private record Trained(List<Double> losses, byte[] weights) {}

  private static Trained trainSteps(boolean collectGarbage) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    Thread collector = new Thread(() -> {
      while (!stop.get()) {
        // Freed direct buffers full of NaN, then a collection: freed native blocks get reused.
        for (int i = 0; i < 64; i++) {
          ByteBuffer b = ByteBuffer.allocateDirect(4 * (1 + i % 8));
          while (b.remaining() >= 4) {
            b.putFloat(Float.NaN);
          }
        }
        System.gc();
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    if (collectGarbage) {
      collector.start();
    }
    List<Double> losses = new ArrayList<>();
    try (DjlClipModel m = DJL.build(TINY, 11, ONE)) {
      PoolMaker clean = new PoolMaker(train, new double[] {1, 0, 0, 0}, 5);
      for (int step = 0; step < 30; step++) {
        int[] idx = range(step * 32, 32);
        List<String> texts = new ArrayList<>();
        for (int i : idx) {
          texts.add(clean.make(i).sample().text());
        }
        losses.add(m.step(preprocessed(train, idx, TINY), TOKENS.encode(texts), 32));
        if (collectGarbage) {
          System.gc(); // between steps as well as beside them
        }
      }
      for (dev.flotilla.executors.export.Tensor t : m.portable().tensors()) {
        for (float w : t.data()) {
          assertThat(w).as("a weight of %s", t.name()).isFinite();
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      m.save(out);
      return new Trained(losses, out.toByteArray());
    } finally {
      stop.set(true);
      if (collectGarbage) {
        collector.join();
      }
    }
  }
}
