package dev.flotilla.ensembles.sortednet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A nested ("sorted") network: {@code depth} blocks of at most {@code width} units (mlp: dense
 * ReLU layers; cnn: 3x3 same-padded ReLU conv layers, 2x2 max-pooling after the first two),
 * and one classifier head shared by every sub-network. The cnn's last block output is brought
 * to 7x7 (one more pooling when only one block runs) and flattened channel-major, so the head
 * keeps the spatial layout (global average pooling lost too much: the shallow sub-networks
 * stayed near chance).
 *
 * <p>Sub-network (w, d) uses the first k = ceil(w·width) units of each of the first d blocks, and
 * the head's first k·{@link #headInputsPerUnit()} input columns. Because every block has the same
 * maximum width, the shared head fits every depth.
 *
 * <p>{@code residual}: every block after the first adds its ReLU output to its input
 * (h + relu(W h + b)), so the outputs of all depths live in one space that the shared head reads,
 * as in the residual networks whose depth Once-for-All and SortedNet nest. Measured on
 * {@code conf/sortednet-bench.conf}: without it the narrowest deep sub-networks fell far behind the
 * same networks trained alone (w0.0625-d4 at 0.54-0.73 of it), with it the worst was 0.96. Left out of
 * the JSON when false, so earlier units keep their ids and their records read back as plain blocks.
 */
public record SortedNetSpec(String kind, int width, int depth, int channels, int height,
    int imageWidth, int classes, double learningRate,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean residual) {

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

  /** Plain blocks (no residual connections). */
  public SortedNetSpec(String kind, int width, int depth, int channels, int height, int imageWidth,
      int classes, double learningRate) {
    this(kind, width, depth, channels, height, imageWidth, classes, learningRate, false);
  }

  /** The same network with {@code width} units and {@code depth} blocks (a sub-network trained alone). */
  public SortedNetSpec resized(int width, int depth) {
    return new SortedNetSpec(kind, width, depth, channels, height, imageWidth, classes, learningRate, residual);
  }

  /** Whether block {@code b} adds its input to its output (blocks after the first, when residual). */
  public boolean residualAt(int b) {
    return residual && b > 0;
  }

  /**
   * Output of block {@code b} from its input and its pre-activation {@code z}: ReLU, the residual
   * connection ({@link #residualAt}), then the cnn's pooling.
   */
  NDArray blockOutput(int b, NDArray in, NDArray z) {
    NDArray h = Activation.relu(z);
    if (residualAt(b)) {
      h = in.add(h);
    }
    if (CNN.equals(kind) && b < CNN_POOLED_BLOCKS) {
      h = Pool.maxPool2d(h, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }
    return h;
  }

  /** Head inputs per unit of the last block: 1 for the mlp, 7·7 positions for the cnn. */
  public int headInputsPerUnit() {
    return MLP.equals(kind) ? 1 : HEAD_SIDE * HEAD_SIDE;
  }

  /** Side of the cnn's feature map at the head. */
  public static final int HEAD_SIDE = 7;

  /** The cnn's last block output (n, k, s, s) as the head's input (n, k·7·7). */
  static ai.djl.ndarray.NDArray toHeadInput(ai.djl.ndarray.NDArray h, int depth) {
    if (depth < CNN_POOLED_BLOCKS) {
      h = ai.djl.nn.pooling.Pool.maxPool2d(h, new ai.djl.ndarray.types.Shape(2, 2),
          new ai.djl.ndarray.types.Shape(2, 2), new ai.djl.ndarray.types.Shape(0, 0), false);
    }
    return h.reshape(h.getShape().get(0), -1);
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
    return "sorted-" + kind + "-" + width + "x" + depth + (residual ? "-res" : "");
  }
}
