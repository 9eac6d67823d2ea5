package dev.flotilla.executors.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The validation split: disjoint from training, covering the pool, a pure function of its seed. */
class ValidSplitTest {

  /** 100 one-pixel examples whose pixel and label are their index, so examples can be told apart. */
  private static LabeledImages pool() {
    float[] x = new float[100];
    int[] y = new int[100];
    for (int i = 0; i < 100; i++) {
      x[i] = i;
      y[i] = i;
    }
    return new LabeledImages(x, y, 1, 1, 1, 100);
  }

  private static Set<Integer> labels(LabeledImages d) {
    Set<Integer> out = new HashSet<>();
    for (int i = 0; i < d.size(); i++) {
      out.add(d.label(i));
    }
    return out;
  }

  @Test
  void splitsThePoolIntoDisjointPartsKeepingTrainingOrder() {
    ValidSplit.Parts p = new ValidSplit(20, 7).apply(pool());
    assertThat(p.valid().size()).isEqualTo(20);
    assertThat(p.train().size()).isEqualTo(80);
    Set<Integer> all = labels(p.train());
    assertThat(all).doesNotContainAnyElementsOf(labels(p.valid()));
    all.addAll(labels(p.valid()));
    assertThat(all).hasSize(100);
    for (int i = 1; i < p.train().size(); i++) {
      assertThat(p.train().label(i)).isGreaterThan(p.train().label(i - 1));
    }
    float[] x = new float[1];
    int[] y = new int[1];
    p.valid().slice(3, 1, x, y);
    assertThat(x[0]).as("pixels travel with their labels").isEqualTo(y[0]);
  }

  @Test
  void sameSeedSameSplitOtherSeedOtherSplit() {
    assertThat(labels(new ValidSplit(20, 7).apply(pool()).valid()))
        .isEqualTo(labels(new ValidSplit(20, 7).apply(pool()).valid()))
        .isNotEqualTo(labels(new ValidSplit(20, 8).apply(pool()).valid()));
  }

  @Test
  void refusesToLeaveNothingToTrainOn() {
    assertThatThrownBy(() -> new ValidSplit(100, 1).apply(pool()))
        .hasMessageContaining("validation split of 100 examples leaves nothing of the 100 training examples");
    assertThatThrownBy(() -> new ValidSplit(0, 1)).hasMessageContaining("at least 1 example");
  }
}
