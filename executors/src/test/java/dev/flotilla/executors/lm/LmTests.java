package dev.flotilla.executors.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;

/** Text, batches and contract checks shared by the language-model tests of every backend. */
final class LmTests {

  private LmTests() {}

  /** A text with obvious structure: a model that learns anything gets far below 8 bits/byte. */
  static int[] corpus() {
    StringBuilder sb = new StringBuilder();
    Random r = new Random(3);
    String[] words = {"spark ", "driver ", "executor ", "expert ", "domain ", "budget "};
    while (sb.length() < 20_000) {
      sb.append(words[r.nextInt(words.length)]);
    }
    return ByteTokens.encode(sb.toString());
  }

  /** {@code rows} random windows of {@code len} tokens. */
  static int[][] batch(int[] text, Random r, int rows, int len) {
    int[][] b = new int[rows][];
    for (int i = 0; i < rows; i++) {
      int o = r.nextInt(text.length - len);
      b[i] = Arrays.copyOfRange(text, o, o + len);
    }
    return b;
  }

  static double mean(float[][] a) {
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

  /**
   * The contract between the two scoring methods, on one row of a trained model: the last
   * target's score equals the next-token distribution after the same prefix, that distribution
   * sums to 1, and changing a later token never changes an earlier position's score.
   */
  static void assertScoresAgreeWithNextTokenDistributions(LanguageModel m, int[] row) {
    float[] next = m.nextLogProbs(Arrays.copyOf(row, row.length - 1));
    float[][] scored = m.targetLogProbs(new int[][] {row});
    assertThat((double) scored[0][row.length - 2]).isCloseTo(next[row[row.length - 1]], within(1e-4));
    double total = 0;
    for (float lp : next) {
      total += Math.exp(lp);
    }
    assertThat(total).isCloseTo(1.0, within(1e-4));

    int[] changed = row.clone();
    changed[20] = (changed[20] + 1) % 256;
    float[][] both = m.targetLogProbs(new int[][] {row, changed});
    for (int t = 0; t < 19; t++) {
      assertThat(both[1][t]).isCloseTo(both[0][t], within(1e-5f));
    }
  }
}
