package dev.flotilla.executors.backend;

import java.util.List;
import java.util.Objects;

/**
 * Engine-neutral description of an image classifier; a backend's {@link ModelFactory} turns it into a model.
 *
 * <ul>
 *   <li>{@code mlp}: {@code widths} are the hidden layer sizes (ReLU), then a softmax layer.
 *   <li>{@code cnn}: all but the last of {@code widths} are 5x5 same-padded conv layers (ReLU),
 *       each followed by 2x2 max-pooling; the last is a dense ReLU layer; then softmax.
 * </ul>
 */
public record ModelSpec(String kind, List<Integer> widths, int channels, int height, int width,
    int classes, double learningRate) {

  public static final String MLP = "mlp";
  public static final String CNN = "cnn";
  public static final int CNN_KERNEL = 5;

  public ModelSpec {
    Objects.requireNonNull(kind, "kind");
    widths = List.copyOf(widths);
    if (widths.isEmpty() || widths.stream().anyMatch(w -> w < 1)) {
      throw new IllegalArgumentException("model widths must be >= 1, got " + widths);
    }
    if (CNN.equals(kind) && widths.size() < 2) {
      throw new IllegalArgumentException("a cnn needs >= 1 conv width and a dense width, got " + widths);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
    }
  }

  public int inputSize() {
    return channels * height * width;
  }

  /** Short label such as {@code mlp-512x256-lr0.001}. */
  public String label() {
    StringBuilder sb = new StringBuilder(kind).append('-');
    for (int i = 0; i < widths.size(); i++) {
      sb.append(i == 0 ? "" : "x").append(widths.get(i));
    }
    return sb.append("-lr").append(learningRate).toString();
  }
}
