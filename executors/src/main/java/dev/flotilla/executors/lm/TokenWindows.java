package dev.flotilla.executors.lm;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Fixed-length windows of a token array: random ones for training, consecutive ones for evaluation. */
public final class TokenWindows {

  private TokenWindows() {}

  /** One window of {@code length} tokens starting at a uniform random offset. */
  public static int[] random(char[] tokens, int length, Random r) {
    if (tokens.length < length) {
      throw new IllegalArgumentException("a split of " + tokens.length + " tokens is shorter than one window of " + length);
    }
    int start = r.nextInt(tokens.length - length + 1);
    return window(tokens, start, length);
  }

  /**
   * Up to {@code max} consecutive, non-overlapping windows from the start of the split: the same
   * windows for every model, so their scores can be combined position by position.
   */
  public static List<int[]> consecutive(char[] tokens, int length, int max) {
    List<int[]> out = new ArrayList<>();
    for (int start = 0; start + length <= tokens.length && out.size() < max; start += length) {
      out.add(window(tokens, start, length));
    }
    return out;
  }

  private static int[] window(char[] tokens, int start, int length) {
    int[] w = new int[length];
    for (int i = 0; i < length; i++) {
      w[i] = tokens[start + i];
    }
    return w;
  }
}
