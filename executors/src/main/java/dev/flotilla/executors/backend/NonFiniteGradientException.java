package dev.flotilla.executors.backend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimizer step refused because its gradients were not finite: the weights and the
 * optimizer state were left as they were before the step, so a NaN cannot spread into them.
 * Names the parameters whose gradients were not finite, and the largest finite one.
 */
public final class NonFiniteGradientException extends IllegalStateException {

  private final double loss;
  private final double globalNorm;
  private final Map<String, Double> norms;

  /** @param norms L2 norm of every parameter's gradient, in parameter order */
  public NonFiniteGradientException(double globalNorm, Map<String, Double> norms) {
    this(Double.NaN, globalNorm, norms);
  }

  private NonFiniteGradientException(double loss, double globalNorm, Map<String, Double> norms) {
    super((Double.isNaN(loss) ? "" : "loss " + loss + ", ") + describe(globalNorm, norms));
    this.loss = loss;
    this.globalNorm = globalNorm;
    this.norms = Collections.unmodifiableMap(new LinkedHashMap<>(norms));
  }

  /** The same refusal, naming the step's loss (which is often still finite). */
  public NonFiniteGradientException withLoss(double loss) {
    NonFiniteGradientException e = new NonFiniteGradientException(loss, globalNorm, norms);
    e.setStackTrace(getStackTrace());
    return e;
  }

  /** The loss of the refused step; NaN where the caller did not give it. */
  public double loss() {
    return loss;
  }

  /** The global gradient norm of the refused step (NaN or infinite). */
  public double globalNorm() {
    return globalNorm;
  }

  /** Every parameter's gradient norm, in parameter order. */
  public Map<String, Double> norms() {
    return norms;
  }

  /** The parameters whose gradient had a NaN or infinite entry, in parameter order. */
  public List<String> nonFinite() {
    List<String> bad = new ArrayList<>();
    norms.forEach((name, n) -> {
      if (!Double.isFinite(n)) {
        bad.add(name);
      }
    });
    return bad;
  }

  private static String describe(double globalNorm, Map<String, Double> norms) {
    List<String> bad = new ArrayList<>();
    String largest = null;
    double max = -1;
    for (Map.Entry<String, Double> e : norms.entrySet()) {
      double n = e.getValue();
      if (!Double.isFinite(n)) {
        bad.add(e.getKey() + " (" + n + ")");
      } else if (n > max) {
        max = n;
        largest = e.getKey();
      }
    }
    StringBuilder s = new StringBuilder("gradient norm ").append(globalNorm).append("; non-finite gradients in ")
        .append(bad.size()).append(" of ").append(norms.size()).append(" parameters: ")
        .append(String.join(", ", bad.subList(0, Math.min(8, bad.size()))));
    if (bad.size() > 8) {
      s.append(", ...");
    }
    if (largest != null) {
      s.append("; largest finite gradient norm ").append(String.format("%.4g", max)).append(" (").append(largest).append(')');
    }
    return s.append("; weights left unchanged").toString();
  }
}
