package dev.flotilla.executors.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.flotilla.executors.backend.NonFiniteGradientException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DjlUpdatesTest {

  @Test
  void anInfiniteGradientIsRefusedByNameAndLeavesTheWeightsAsTheyWere() {
    try (NDManager manager = NDManager.newBaseManager(TorchThreads.engine().defaultDevice(), "PyTorch")) {
      Map<String, NDArray> params = new LinkedHashMap<>();
      params.put("a", manager.create(new float[] {1, 2, 3}));
      params.put("b", manager.create(new float[] {4, 5}));
      params.values().forEach(p -> p.setRequiresGradient(true));
      Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.1f)).build();
      try (NDManager scope = manager.newSubManager()) {
        boolean wasGrad = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        // d/db of b·(inf, 1) is (inf, 1): the global norm is inf, and clipping by maxNorm/inf = 0 gave inf·0 = NaN
        NDArray loss = params.get("a").sum().add(params.get("b").mul(scope.create(new float[] {Float.POSITIVE_INFINITY, 1})).sum());
        JniUtils.backward((PtNDArray) loss, (PtNDArray) scope.ones(loss.getShape()), false, false);
        JniUtils.setGradMode(wasGrad);
        assertThatThrownBy(() -> DjlUpdates.apply(params, adam, scope, 1.0))
            .isInstanceOf(NonFiniteGradientException.class)
            .hasMessageContaining("gradient norm Infinity")
            .hasMessageContaining("1 of 2 parameters: b (Infinity)")
            .hasMessageContaining("largest finite gradient norm 1.732 (a)")
            .satisfies(e -> assertThat(((NonFiniteGradientException) e).nonFinite()).containsExactly("b"));
      }
      assertThat(params.get("a").toFloatArray()).containsExactly(1, 2, 3);
      assertThat(params.get("b").toFloatArray()).containsExactly(4, 5);
      // and the refused gradients do not add onto the next step's
      try (NDManager scope = manager.newSubManager()) {
        JniUtils.setGradMode(true);
        NDArray loss = params.get("a").sum().add(params.get("b").sum());
        JniUtils.backward((PtNDArray) loss, (PtNDArray) scope.ones(loss.getShape()), false, false);
        JniUtils.setGradMode(false);
        double norm = DjlUpdates.apply(params, adam, scope, 1.0);
        assertThat(norm).isEqualTo(Math.sqrt(5), org.assertj.core.api.Assertions.within(1e-6));
      }
      for (float w : params.get("b").toFloatArray()) {
        assertThat(w).isFinite();
      }
    }
  }
}
