package dev.flotilla.executors.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * Images with class labels, as dense float pixels in [0, 1] laid out example-major
 * (channels x height x width per example). Immutable: the arrays are never handed out for writing.
 */
public final class LabeledImages {

  private final float[] pixels;
  private final int[] labels;
  private final int channels;
  private final int height;
  private final int width;
  private final int classes;

  public LabeledImages(float[] pixels, int[] labels, int channels, int height, int width,
      int classes) {
    this.pixels = Objects.requireNonNull(pixels);
    this.labels = Objects.requireNonNull(labels);
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.classes = classes;
    if ((long) labels.length * exampleSize() != pixels.length) {
      throw new IllegalArgumentException("pixels (" + pixels.length + ") != labels (" + labels.length
          + ") x " + channels + "x" + height + "x" + width);
    }
  }

  public int size() { return labels.length; }
  public int channels() { return channels; }
  public int height() { return height; }
  public int width() { return width; }
  public int classes() { return classes; }
  public int exampleSize() { return channels * height * width; }
  public int label(int i) { return labels[i]; }

  /** The first {@code n} examples (or all, if fewer). */
  public LabeledImages head(int n) {
    int k = Math.min(n, size());
    return new LabeledImages(Arrays.copyOf(pixels, k * exampleSize()), Arrays.copyOf(labels, k),
        channels, height, width, classes);
  }

  /** The examples from {@code from} on (a copy). */
  public LabeledImages tail(int from) {
    return new LabeledImages(Arrays.copyOfRange(pixels, from * exampleSize(), pixels.length),
        Arrays.copyOfRange(labels, from, labels.length), channels, height, width, classes);
  }

  /** The examples at {@code index}, in that order (a copy). */
  public LabeledImages subset(int[] index) {
    int d = exampleSize();
    float[] x = new float[index.length * d];
    int[] y = new int[index.length];
    gather(index, 0, index.length, x, y);
    return new LabeledImages(x, y, channels, height, width, classes);
  }

  /** Copies examples {@code index[from..from+n)} into {@code x} and {@code y}. */
  public void gather(int[] index, int from, int n, float[] x, int[] y) {
    int d = exampleSize();
    for (int i = 0; i < n; i++) {
      int src = index[from + i];
      System.arraycopy(pixels, src * d, x, i * d, d);
      y[i] = labels[src];
    }
  }

  /** Copies examples {@code [from, from+n)} in order. */
  public void slice(int from, int n, float[] x, int[] y) {
    int d = exampleSize();
    System.arraycopy(pixels, from * d, x, 0, n * d);
    System.arraycopy(labels, from, y, 0, n);
  }

  /** A permutation of example indices for one epoch, reproducible from {@code seed}. */
  public int[] permutation(long seed) {
    int[] idx = new int[size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Random rng = new Random(seed);
    for (int i = idx.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    return idx;
  }
}
