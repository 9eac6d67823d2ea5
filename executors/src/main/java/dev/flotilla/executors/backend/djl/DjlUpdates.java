package dev.flotilla.executors.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
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
   */
  public static double apply(Map<String, NDArray> params, Optimizer optimizer, NDManager scope, double maxNorm) {
    Map<String, NDArray> grads = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, NDArray> p : params.entrySet()) {
      NDArray grad = p.getValue().getGradient();
      grad.attach(scope); // freed with the step's scope, not kept by the weights' manager
      grads.put(p.getKey(), grad);
    }
    double norm = Double.NaN;
    if (maxNorm > 0) {
      NDArray total = null;
      for (NDArray g : grads.values()) {
        NDArray s = g.square().sum();
        total = total == null ? s : total.add(s);
      }
      norm = Math.sqrt(total.getFloat());
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
