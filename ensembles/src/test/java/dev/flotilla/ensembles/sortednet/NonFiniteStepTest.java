package dev.flotilla.ensembles.sortednet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.unit.ComputeBudget;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A step whose loss or gradients are not finite updates nothing and is computed once more; a
 * training that really diverged is non-finite again on the same batch and fails with that said.
 */
class NonFiniteStepTest {

  @Test
  void aDivergedTrainingFailsAfterOneRecomputation() {
    SortedNetSpec spec = new SortedNetSpec(SortedNetSpec.MLP, 16, 2, 1, 28, 28, 10, 3e-3);
    float[] x = new float[32 * 784];
    int[] y = new int[32];
    Random r = new Random(3);
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat();
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = r.nextInt(10);
    }
    List<SubNetwork> all = List.of(spec.largest());
    try (DjlNestedModel m = Backends.require("djl", DjlNestedModel.FAMILY, spec.kind())
        .build(spec, 1, ComputeBudget.ofCpus(1))) {
      m.step(x, y, 32, all, 0, 1);
      assertThat(m.recomputedSteps()).isZero();
      m.setLearningRate(1e30f); // Adam's first steps move every weight by about the learning rate
      assertThatThrownBy(() -> {
        for (int step = 0; step < 20; step++) {
          m.step(x, y, 32, all, 0, 1);
        }
      }).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("non-finite twice on the same batch (training diverged)");
      assertThat(m.recomputedSteps()).isEqualTo(1);
    }
  }
}
