package dev.flotilla.datafiltering.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.datafiltering.pool.CaptionStyle;
import dev.flotilla.datafiltering.pool.PoolMaker;
import dev.flotilla.executors.data.FashionMnist;
import dev.flotilla.executors.data.LabeledImages;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.backend.ModelFactory;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The filtering network learns real image-text agreement on Fashion-MNIST. */
class DjlClipModelTest {

  static final ClipSpec SPEC = new ClipSpec(32, 8, 1024, 64, 2e-3);
  static LabeledImages train;
  static LabeledImages test;
  static final ComputeBudget ONE = ComputeBudget.ofCpus(1);
  /** Through the registry: data-filtering contributes this family to it. */
  static final ModelFactory<ClipSpec, DjlClipModel> DJL = Backends.require("djl", DjlClipModel.FAMILY, ClipSpec.KIND);

  @BeforeAll
  static void data() throws Exception {
    train = FashionMnist.train(Path.of(FashionMnist.DEBIAN_DIR)).head(6400);
    test = FashionMnist.test(Path.of(FashionMnist.DEBIAN_DIR)).head(1000);
  }

  static DjlClipModel trained() {
    DjlClipModel m = DJL.build(SPEC, 1, ONE);
    PoolMaker clean = new PoolMaker(train, new double[] {1, 0, 0, 0}, 5);
    int batch = 128;
    float[] x = new float[batch * 784];
    for (int step = 0; step < 150; step++) {
      List<String> texts = new ArrayList<>();
      int[] idx = new int[batch];
      for (int i = 0; i < batch; i++) {
        int j = (step * batch + i) % train.size();
        idx[i] = j;
        texts.add(clean.make(j).sample().text());
      }
      train.gather(idx, 0, batch, x, new int[batch]);
      m.step(x, texts);
    }
    return m;
  }

  @Test
  void zeroShotClassificationAndFilteringBeatChanceByFar() throws Exception {
    try (DjlClipModel m = trained()) {
      // Zero-shot: the class prompt with the highest similarity.
      List<String> prompts = new ArrayList<>();
      for (String c : new String[] {"t-shirt", "trousers", "pullover", "dress", "coat", "sandal",
          "shirt", "sneaker", "bag", "ankle boot"}) {
        prompts.add("a photo of a " + c);
      }
      float[] x = new float[test.size() * 784];
      int[] y = new int[test.size()];
      test.slice(0, test.size(), x, y);
      float[] sim = m.similarities(x, test.size(), prompts);
      int correct = 0;
      for (int i = 0; i < test.size(); i++) {
        int best = 0;
        for (int k = 1; k < 10; k++) {
          best = sim[i * 10 + k] > sim[i * 10 + best] ? k : best;
        }
        correct += best == y[i] ? 1 : 0;
      }
      assertThat(correct / (double) test.size()).as("zero-shot accuracy (chance 0.1)").isGreaterThan(0.45);

      // Filtering: clean pairs outscore noisy ones (AUC over 2000 test pairs).
      PoolMaker noisy = new PoolMaker(test, new double[] {0.5, 0.2, 0.2, 0.1}, 9);
      List<String> texts = new ArrayList<>();
      List<Boolean> clean = new ArrayList<>();
      float[] imgs = new float[1000 * 784];
      for (int i = 0; i < 1000; i++) {
        PoolMaker.Made made = noisy.make(i);
        texts.add(made.sample().text());
        clean.add(made.style() == CaptionStyle.CORRECT);
      }
      test.slice(0, 1000, imgs, new int[1000]);
      float[] scores = m.scorePairs(imgs, texts);
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
      assertThat(wins / (double) pairs).as("AUC of clean vs noisy").isGreaterThan(0.8);
      assertThat(m.temperature()).isPositive().isLessThan(1f);

      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      m.save(bytes);
      try (DjlClipModel back = DJL.restore(SPEC, new ByteArrayInputStream(bytes.toByteArray()), ONE)) {
        assertThat(back.scorePairs(imgs, texts)).containsExactly(scores, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(back.threads()).as("its budget's cores").isEqualTo(1);
      }
      assertThatThrownBy(() -> DJL.restore(new ClipSpec(16, 8, 1024, 64, 1e-3),
          new ByteArrayInputStream(bytes.toByteArray()), ONE)).hasMessageContaining("do not match");
    }
  }
}
