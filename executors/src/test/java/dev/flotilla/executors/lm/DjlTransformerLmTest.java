package dev.flotilla.executors.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DjlTransformerLmTest {

  private static final LmSpec SPEC = new LmSpec(LmSpec.TRANSFORMER, 2, 32, 4, 96, 32, 3e-3);

  /** A text with obvious structure: a model that learns anything gets far below 8 bits/byte. */
  private static int[] corpus() {
    StringBuilder sb = new StringBuilder();
    Random r = new Random(3);
    String[] words = {"spark ", "driver ", "executor ", "expert ", "domain ", "budget "};
    while (sb.length() < 20_000) {
      sb.append(words[r.nextInt(words.length)]);
    }
    return ByteTokens.encode(sb.toString());
  }

  private static int[][] batch(int[] text, Random r, int rows, int len) {
    int[][] b = new int[rows][];
    for (int i = 0; i < rows; i++) {
      int o = r.nextInt(text.length - len);
      b[i] = java.util.Arrays.copyOfRange(text, o, o + len);
    }
    return b;
  }

  @Test
  void parameterCountMatchesTheSpecsFormula() {
    try (LanguageModel m = LmBackends.of("djl").build(SPEC, 1)) {
      assertThat(m.parameterCount()).isEqualTo(SPEC.parameters());
    }
  }

  @Test
  void learnsStructuredTextAndItsScoresAgreeWithNextTokenDistributions() throws Exception {
    int[] text = corpus();
    Random r = new Random(5);
    LmBackend backend = LmBackends.of("djl");
    try (LanguageModel m = backend.build(SPEC, 7)) {
      int[][] probe = batch(text, new Random(11), 8, SPEC.context() + 1);
      double before = -mean(m.targetLogProbs(probe));
      double loss = 0;
      for (int step = 0; step < 150; step++) {
        loss = m.trainStep(batch(text, r, 16, SPEC.context() + 1), 3e-3);
      }
      double after = -mean(m.targetLogProbs(probe));
      assertThat(before).isGreaterThan(4.5); // near ln(258) at initialization
      assertThat(after).isLessThan(1.5).isLessThan(before / 3);
      assertThat(loss).isLessThan(1.8);

      // The last target's score equals the next-token distribution after the same prefix.
      int[] row = probe[0];
      float[] next = m.nextLogProbs(java.util.Arrays.copyOf(row, row.length - 1));
      float[][] scored = m.targetLogProbs(new int[][] {row});
      assertThat((double) scored[0][row.length - 2]).isCloseTo(next[row[row.length - 1]], within(1e-4));
      double total = 0;
      for (float lp : next) {
        total += Math.exp(lp);
      }
      assertThat(total).isCloseTo(1.0, within(1e-4));

      // Causality: changing a later token never changes an earlier position's score.
      int[] changed = row.clone();
      changed[20] = (changed[20] + 1) % 256;
      float[][] both = m.targetLogProbs(new int[][] {row, changed});
      for (int t = 0; t < 19; t++) {
        assertThat(both[1][t]).isCloseTo(both[0][t], within(1e-5f));
      }

      ByteArrayOutputStream saved = new ByteArrayOutputStream();
      m.save(saved);
      try (LanguageModel restored = backend.restore(SPEC, new ByteArrayInputStream(saved.toByteArray()))) {
        assertThat(mean(restored.targetLogProbs(probe))).isCloseTo(mean(m.targetLogProbs(probe)), within(1e-6));
      }
    }
  }

  private static double mean(float[][] a) {
    double s = 0;
    int n = 0;
    for (float[] row : a) {
      for (float v : row) {
        s += v;
        n++;
      }
    }
    return s / n;
  }
}
