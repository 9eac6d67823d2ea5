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
    for (Map.Entry<String, NDArray> p : params.entrySet()) {
      NDArray grad = p.getValue().getGradient();
      grad.attach(scope); // freed with the step's scope, not kept by the weights' manager
      optimizer.update(p.getKey(), p.getValue(), grad);
      JniUtils.zeroGrad((PtNDArray) p.getValue());
    }
  }
}
