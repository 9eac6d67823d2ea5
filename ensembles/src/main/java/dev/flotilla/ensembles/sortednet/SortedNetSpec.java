package dev.flotilla.ensembles.sortednet;

import java.util.Objects;

/**
 * A nested ("sorted") network: {@code depth} blocks of at most {@code width} units (mlp: dense
 * ReLU layers; cnn: 3x3 same-padded ReLU conv layers, 2x2 max-pooling after the first two, then
 * global average pooling), and one classifier head shared by every sub-network.
 *
 * <p>Sub-network (w, d) uses the first ceil(w·width) units of each of the first d blocks, and the
 * head's first ceil(w·width) input columns. Because every block has the same maximum width, the
 * shared head fits every depth.
 */
public record SortedNetSpec(String kind, int width, int depth, int channels, int height,
    int imageWidth, int classes, double learningRate) {

  public static final String MLP = "mlp";
  public static final String CNN = "cnn";
  /** Blocks followed by 2x2 max-pooling in the cnn (the first two: 28 -> 14 -> 7). */
  public static final int CNN_POOLED_BLOCKS = 2;

  public SortedNetSpec {
    Objects.requireNonNull(kind, "kind");
    if (!MLP.equals(kind) && !CNN.equals(kind)) {
      throw new IllegalArgumentException("sorted model kind must be 'mlp' or 'cnn', got '" + kind + "'");
    }
    if (width < 1 || depth < 1) {
      throw new IllegalArgumentException("width and depth must be >= 1, got " + width + ", " + depth);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
    }
  }

  public int inputSize() {
    return channels * height * imageWidth;
  }

  public SubNetwork largest() {
    return new SubNetwork(1.0, depth);
  }

  /** Checks that {@code s} exists in this model; the error names the offending value. */
  public void check(SubNetwork s) {
    if (s.depth() > depth) {
      throw new IllegalArgumentException("sub-network depth " + s.depth() + " is beyond the model's "
          + depth + " blocks");
    }
  }

  public String label() {
    return "sorted-" + kind + "-" + width + "x" + depth;
  }
}
