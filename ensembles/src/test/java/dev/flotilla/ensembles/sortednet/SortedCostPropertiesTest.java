package dev.flotilla.ensembles.sortednet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The sub-network costs that SortedNet's selection ranks by: nested sub-networks are ordered by
 * size, so a larger one never costs less, the full network costs most, and training costs a fixed
 * multiple of the forward pass (the budgets of `select --max-flops` rely on all three).
 */
class SortedCostPropertiesTest {

  private static SortedNetSpec spec(String kind, int width, int depth) {
    return new SortedNetSpec(kind, width, depth, 1, 28, 28, 10, 1e-3);
  }

  @Property(tries = 200)
  void aWiderOrDeeperSubNetworkNeverCostsLess(@ForAll @IntRange(min = 8, max = 256) int width,
      @ForAll @IntRange(min = 1, max = 6) int depth, @ForAll @IntRange(min = 1, max = 4) int w1,
      @ForAll @IntRange(min = 1, max = 4) int w2, @ForAll @IntRange(min = 1, max = 6) int d1,
      @ForAll @IntRange(min = 1, max = 6) int d2) {
    SortedNetSpec mlp = spec(SortedNetSpec.MLP, width, depth);
    SubNetwork small = new SubNetwork(Math.min(w1, w2) / 4.0, Math.min(Math.min(d1, d2), depth));
    SubNetwork large = new SubNetwork(Math.max(w1, w2) / 4.0, Math.min(Math.max(d1, d2), depth));
    assertThat(SortedCost.parameters(mlp, large)).isGreaterThanOrEqualTo(SortedCost.parameters(mlp, small));
    assertThat(SortedCost.forwardFlops(mlp, large)).isGreaterThanOrEqualTo(SortedCost.forwardFlops(mlp, small));
    assertThat(SortedCost.trainFlops(mlp, large)).isGreaterThanOrEqualTo(SortedCost.trainFlops(mlp, small));
  }

  @Property(tries = 100)
  void theFullNetworkIsTheMostExpensiveOfItsGrid(@ForAll @IntRange(min = 8, max = 128) int width,
      @ForAll @IntRange(min = 1, max = 4) int depth) {
    SortedNetSpec mlp = spec(SortedNetSpec.MLP, width, depth);
    SubNetworkGrid grid = new SubNetworkGrid(List.of(0.25, 0.5, 1.0),
        java.util.stream.IntStream.rangeClosed(1, depth).boxed().toList());
    SubNetwork full = new SubNetwork(1.0, depth);
    long fullFlops = SortedCost.forwardFlops(mlp, full);
    for (SubNetwork s : grid.all()) {
      assertThat(SortedCost.forwardFlops(mlp, s)).as(s.label()).isLessThanOrEqualTo(fullFlops);
    }
    assertThat(grid.all()).contains(full);
  }

  @Property(tries = 100)
  void trainingCostsAFixedMultipleOfTheForwardPass(@ForAll @IntRange(min = 8, max = 128) int width,
      @ForAll @IntRange(min = 1, max = 4) int depth, @ForAll @IntRange(min = 1, max = 4) int w) {
    SortedNetSpec mlp = spec(SortedNetSpec.MLP, width, depth);
    SubNetwork s = new SubNetwork(w / 4.0, depth);
    long forward = SortedCost.forwardFlops(mlp, s);
    assertThat(forward).isPositive();
    assertThat(SortedCost.trainFlops(mlp, s) % forward).isZero();
    assertThat(SortedCost.trainFlops(mlp, s) / forward).isEqualTo(3L); // forward + backward ~ 3x
  }
}
