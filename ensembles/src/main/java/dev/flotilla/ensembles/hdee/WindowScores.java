package dev.flotilla.ensembles.hdee;

import dev.flotilla.executors.Seeds;
import java.util.Arrays;
import java.util.Random;

/**
 * One model's loss on each evaluation window of a domain (nats and byte targets per window), with
 * its bits per byte and a percentile-bootstrap interval over windows: windows are resampled with
 * replacement and bits per byte recomputed as total nats over total bytes of the resample.
 * Resamples are drawn from {@code seed} alone, so models scored on the same windows with the same
 * seed are resampled alike.
 */
public final class WindowScores {

  /** A two-sided interval of bits per byte. */
  public record Interval(double low, double high) {

    /** True when the two intervals do not overlap. */
    public boolean apart(Interval other) {
      return high < other.low || other.high < low;
    }
  }

  private final double[] nats;
  private final long[] bytes;
  private int n;

  public WindowScores(int windows) {
    nats = new double[windows];
    bytes = new long[windows];
  }

  /** Adds the next window of byte tokens: {@code logProbs[t]} is ln p of {@code targets[t]}; only bytes count. */
  public void add(double[] logProbs, int[] targets) {
    addCounted(logProbs, TextBytes.ofByteTokens(targets));
  }

  /**
   * Adds the next window: {@code logProbs[t]} is ln p of target t, which holds {@code textBytes[t]}
   * bytes of text ({@link TextBytes#NOT_TEXT}: a document marker, left out).
   */
  public void addCounted(double[] logProbs, int[] textBytes) {
    for (int t = 0; t < logProbs.length; t++) {
      if (textBytes[t] != TextBytes.NOT_TEXT) {
        nats[n] -= logProbs[t];
        bytes[n] += textBytes[t];
      }
    }
    n++;
  }

  public void addCounted(float[] logProbs, int[] textBytes) {
    addCounted(TextBytes.doubles(logProbs), textBytes);
  }

  public void add(float[] logProbs, int[] targets) {
    add(TextBytes.doubles(logProbs), targets);
  }

  public int windows() {
    return n;
  }

  public long bytes() {
    return Arrays.stream(bytes, 0, n).sum();
  }

  public double bitsPerByte() {
    long b = bytes();
    if (b == 0) {
      throw new IllegalStateException("no byte targets were scored");
    }
    return Arrays.stream(nats, 0, n).sum() / b / Math.log(2);
  }

  /**
   * Percentile bootstrap: the {@code (1 - level) / 2} and {@code (1 + level) / 2} quantiles (nearest
   * rank) of bits per byte over {@code resamples} resamples of the windows.
   */
  public Interval interval(int resamples, double level, long seed) {
    if (resamples < 1 || !(level > 0 && level < 1)) {
      throw new IllegalArgumentException("bootstrap needs resamples >= 1 and a level in (0, 1), got " + resamples
          + ", " + level);
    }
    double[] stats = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      Random rng = Seeds.random(seed, r);
      double sn = 0;
      long sb = 0;
      for (int i = 0; i < n; i++) {
        int w = rng.nextInt(n);
        sn += nats[w];
        sb += bytes[w];
      }
      stats[r] = sb == 0 ? Double.NaN : sn / sb / Math.log(2);
    }
    Arrays.sort(stats);
    return new Interval(rank(stats, (1 - level) / 2), rank(stats, (1 + level) / 2));
  }

  /** Nearest-rank quantile of sorted values. */
  private static double rank(double[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
