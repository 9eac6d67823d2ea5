package dev.flotilla.executors.backend;

import dev.flotilla.executors.data.LabeledImages;

/** Top-1 accuracy of any classifier that maps a batch to class probabilities. */
public final class Accuracy {

  /** Class probabilities (n × classes, row-major) of the first n examples of x. */
  @FunctionalInterface
  public interface Classifier {
    float[] probabilities(float[] x, int n);
  }

  private Accuracy() {}

  public static double top1(Classifier c, LabeledImages data, int batch) {
    int correct = 0;
    int classes = data.classes();
    float[] x = new float[batch * data.exampleSize()];
    int[] y = new int[batch];
    for (int from = 0; from < data.size(); from += batch) {
      int n = Math.min(batch, data.size() - from);
      data.slice(from, n, x, y);
      float[] p = c.probabilities(x, n);
      for (int i = 0; i < n; i++) {
        int best = 0;
        for (int k = 1; k < classes; k++) {
          if (p[i * classes + k] > p[i * classes + best]) {
            best = k;
          }
        }
        correct += best == y[i] ? 1 : 0;
      }
    }
    return data.size() == 0 ? 0 : correct / (double) data.size();
  }
}
