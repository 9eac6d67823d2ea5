package dev.flotilla.datafiltering.curation;

import java.io.IOException;
import java.util.List;

/**
 * The exact score threshold of the global top fraction of a pool, without gathering the scores
 * in one place: two passes of 65,536-bucket histograms over the scores' order-preserving 32-bit
 * keys (high 16 bits, then the low 16 bits inside the bucket that holds the k-th largest). Each
 * pass streams every shard once; only the histograms travel, so memory is flat in the pool size.
 *
 * <p>The threshold is the k-th largest score, k = ceil(fraction · n); samples with
 * {@code score >= threshold} are kept. Ties at the threshold are all kept (so a few more than k
 * may be kept; the count is reported).
 */
public final class TopFraction {

  /** Streams the scores of one shard (may be called once per pass). */
  @FunctionalInterface
  public interface ScoreShard {
    void forEach(FloatConsumer sink) throws IOException;
  }

  /** A float sink. */
  @FunctionalInterface
  public interface FloatConsumer {
    void accept(float score);
  }

  /** Threshold and the number of scores (pool) and kept samples. */
  public record Result(float threshold, long poolSize, long rank, long kept) {}

  private TopFraction() {}

  /** Order-preserving unsigned key of a float (NaN is rejected). */
  static int key(float f) {
    if (Float.isNaN(f)) {
      throw new IllegalArgumentException("score is NaN");
    }
    int bits = Float.floatToIntBits(f == 0f ? 0f : f); // -0 and +0 are the same score
    return bits >= 0 ? bits ^ 0x80000000 : ~bits;
  }

  static float value(int key) {
    int bits = key < 0 ? key ^ 0x80000000 : ~key;
    return Float.intBitsToFloat(bits);
  }

  public static Result of(List<ScoreShard> shards, double fraction) throws IOException {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("top fraction must be in (0, 1], got " + fraction);
    }
    long[] high = new long[65536];
    for (ScoreShard s : shards) {
      s.forEach(f -> high[key(f) >>> 16]++);
    }
    long n = 0;
    for (long c : high) {
      n += c;
    }
    if (n == 0) {
      throw new IllegalArgumentException("no scores: the pool is empty");
    }
    long k = (long) Math.ceil(fraction * n - 1e-9);
    k = Math.max(1, Math.min(n, k));
    // Walk from the largest bucket down to the one holding the k-th largest.
    long above = 0;
    int bucket = 65535;
    while (above + high[bucket] < k) {
      above += high[bucket--];
    }
    final int hb = bucket;
    long[] low = new long[65536];
    for (ScoreShard s : shards) {
      s.forEach(f -> {
        int key = key(f);
        if ((key >>> 16) == hb) {
          low[key & 0xffff]++;
        }
      });
    }
    long need = k - above;
    int lb = 65535;
    long seen = 0;
    while (seen + low[lb] < need) {
      seen += low[lb--];
    }
    float threshold = value((hb << 16) | lb);
    long kept = above + seen + low[lb];
    return new Result(threshold, n, k, kept);
  }
}
