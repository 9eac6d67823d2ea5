package dev.flotilla.datafiltering.pool;

import dev.flotilla.executors.data.LabeledImages;
import java.io.IOException;
import java.util.Random;

/**
 * Builds one shard of a noisy image-text pool from labelled images. Sample {@code i} of the
 * pool uses image {@code i mod n}; copies beyond the first pass are augmented (shift, flip,
 * pixel noise) so a 10M-pair pool from 60k images has no exact duplicates. Everything is a pure
 * function of (seed, global index), so a retried shard is byte-identical.
 */
public final class PoolMaker {

  /** One generated pair and its ground truth (never written into the pool itself). */
  public record Made(PoolSample sample, CaptionStyle style, int label) {}

  private final LabeledImages images;
  private final double[] styleProbs;
  private final long seed;

  /**
   * @param styleProbs probabilities of CORRECT, MISMATCHED, BOILERPLATE, PARTLY_WRONG (sum 1)
   */
  public PoolMaker(LabeledImages images, double[] styleProbs, long seed) {
    if (styleProbs.length != CaptionStyle.values().length) {
      throw new IllegalArgumentException("need one probability per caption style "
          + java.util.Arrays.toString(CaptionStyle.values()) + ", got " + styleProbs.length);
    }
    double sum = 0;
    for (double p : styleProbs) {
      if (!(p >= 0)) {
        throw new IllegalArgumentException("caption style probabilities must be >= 0");
      }
      sum += p;
    }
    if (Math.abs(sum - 1) > 1e-6) {
      throw new IllegalArgumentException("caption style probabilities must sum to 1, got " + sum);
    }
    this.images = images;
    this.styleProbs = styleProbs.clone();
    this.seed = seed;
  }

  public Made make(long index) {
    Random rng = dev.flotilla.executors.Seeds.random(seed, index);
    int n = images.size();
    int src = (int) (index % n);
    int d = images.exampleSize();
    float[] px = new float[d];
    images.gather(new int[] {src}, 0, 1, px, new int[1]);
    if (index >= n) {
      augment(px, images.width(), images.height(), rng);
    }
    int label = images.label(src);
    String attrs = Captions.attributes(px, 0, d);
    CaptionStyle style = draw(rng);
    String text = switch (style) {
      case CORRECT -> Captions.correct(label, attrs, rng);
      case MISMATCHED -> {
        int other;
        do {
          other = rng.nextInt(n);
        } while (images.label(other) == label);
        float[] op = new float[d];
        images.gather(new int[] {other}, 0, 1, op, new int[1]);
        yield Captions.correct(images.label(other), Captions.attributes(op, 0, d), rng);
      }
      case BOILERPLATE -> Captions.boilerplate(rng);
      case PARTLY_WRONG -> Captions.partlyWrong(label, attrs, rng);
    };
    String uid = Uids.of(seed + "/" + index);
    String key = String.format("%012d", index);
    String json = "{\"uid\":\"" + uid + "\",\"width\":" + images.width() + ",\"height\":"
        + images.height() + ",\"source_index\":" + src + "}";
    return new Made(new PoolSample(key, uid, png(px, images.width(), images.height()), "png", text, json),
        style, label);
  }

  /**
   * Writes samples [first, first + size) to {@code shard} and their ground truth rows to
   * {@code truth} (no header). Returns how many are clean.
   */
  public long writeShard(long first, int size, PoolWriter shard, java.io.Writer truth) throws IOException {
    long clean = 0;
    for (long i = first; i < first + size; i++) {
      Made m = make(i);
      shard.write(m.sample());
      GroundTruth.write(truth, m);
      clean += m.style() == CaptionStyle.CORRECT ? 1 : 0;
    }
    return clean;
  }

  private CaptionStyle draw(Random rng) {
    double u = rng.nextDouble();
    double acc = 0;
    for (int i = 0; i < styleProbs.length; i++) {
      acc += styleProbs[i];
      if (u < acc) {
        return CaptionStyle.values()[i];
      }
    }
    return CaptionStyle.values()[styleProbs.length - 1];
  }

  /** Shift by up to 2 pixels, mirror half the time, add pixel noise. */
  static void augment(float[] px, int w, int h, Random rng) {
    int dx = rng.nextInt(5) - 2;
    int dy = rng.nextInt(5) - 2;
    boolean flip = rng.nextBoolean();
    float[] out = new float[px.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int sx = (flip ? w - 1 - x : x) - dx;
        int sy = y - dy;
        float v = sx >= 0 && sx < w && sy >= 0 && sy < h ? px[sy * w + sx] : 0f;
        v += 0.03f * noise(rng.nextLong());
        out[y * w + x] = Math.min(1f, Math.max(0f, v));
      }
    }
    System.arraycopy(out, 0, px, 0, px.length);
  }

  /**
   * Approximately standard normal noise from one 64-bit draw: the sum of four 16-bit uniforms
   * (Irwin-Hall), centred and scaled to unit variance. {@code Random.nextGaussian} per pixel
   * took most of the pool-building time.
   */
  static float noise(long bits) {
    float sum = (bits & 0xffff) + ((bits >>> 16) & 0xffff) + ((bits >>> 32) & 0xffff) + (bits >>> 48);
    return (sum / 65536f - 2f) * 1.7320508f;
  }

  static byte[] png(float[] px, int w, int h) {
    byte[] gray = new byte[w * h];
    for (int i = 0; i < gray.length; i++) {
      gray[i] = (byte) (int) (px[i] * 255 + 0.5f); // px in [0, 1]
    }
    return GrayPng.encode(gray, w, h);
  }

}
