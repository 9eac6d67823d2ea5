package dev.flotilla.executors.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import dev.flotilla.executors.backend.NonFiniteGradientException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The optimizer step of models whose weights are plain NDArrays (no DJL Block/Trainer): each
 * weight's accumulated gradient goes through {@code optimizer.update} and is then zeroed. Call
 * with grad mode off, after the backward passes of the step.
 */
public final class DjlUpdates {

  private DjlUpdates() {}

  public static void apply(Map<String, NDArray> params, Optimizer optimizer, NDManager scope) {
    apply(params, optimizer, scope, 0);
  }

  /**
   * As {@link #apply(Map, Optimizer, NDManager)}, first scaling all gradients down together when
   * their global L2 norm exceeds {@code maxNorm} (0 = no clipping), as transformer training
   * usually does: one bad batch cannot throw the weights far. Returns the norm before clipping
   * (NaN when not computed).
   *
   * @throws NonFiniteGradientException when clipping and a gradient has a NaN or infinite entry:
   *     nothing is updated (scaling by maxNorm/inf = 0 would give inf·0 = NaN, and a NaN
   *     gradient would make the weights and Adam's moments NaN for good)
   */
  public static double apply(Map<String, NDArray> params, Optimizer optimizer, NDManager scope, double maxNorm) {
    Map<String, NDArray> grads = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> p : params.entrySet()) {
      NDArray grad = p.getValue().getGradient();
      grad.attach(scope); // freed with the step's scope, not kept by the weights' manager
      grads.put(p.getKey(), grad);
    }
    double norm = Double.NaN;
    if (maxNorm > 0) {
      // Per parameter, summed in double: a float sum of squares overflows long before the norm does.
      Map<String, Double> norms = new LinkedHashMap<>();
      double total = 0;
      for (Map.Entry<String, NDArray> g : grads.entrySet()) {
        double n = g.getValue().norm().getFloat();
        norms.put(g.getKey(), n);
        total += n * n;
      }
      norm = Math.sqrt(total);
      if (!Double.isFinite(norm)) {
        params.values().forEach(w -> JniUtils.zeroGrad((PtNDArray) w));
        throw new NonFiniteGradientException(norm, norms);
      }
      if (norm > maxNorm) {
        float k = (float) (maxNorm / norm);
        grads.values().forEach(g -> g.muli(k));
      }
    }
    for (Map.Entry<String, NDArray> p : params.entrySet()) {
      optimizer.update(p.getKey(), p.getValue(), grads.get(p.getKey()));
      JniUtils.zeroGrad((PtNDArray) p.getValue());
    }
    return norm;
  }
}
