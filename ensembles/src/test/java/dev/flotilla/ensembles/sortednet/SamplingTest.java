package dev.flotilla.ensembles.sortednet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Sampling policies produce their configured distributions (fixed seeds, chi-square bounds). */
class SamplingTest {

  static final SubNetworkGrid GRID = new SubNetworkGrid(List.of(0.25, 0.5, 0.75, 1.0), List.of(1, 2, 3, 4));
  static final SortedNetSpec SPEC = new SortedNetSpec("mlp", 64, 4, 1, 28, 28, 10, 1e-3);

  /** Pearson chi-square statistic of counts against expected counts. */
  static double chi2(long[] observed, double[] expected) {
    double x = 0;
    for (int i = 0; i < observed.length; i++) {
      x += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
    }
    return x;
  }

  @Test
  void uniformDrawsEverySubNetworkEquallyOften() {
    SamplingPolicy p = new SamplingPolicy(SamplingPolicy.UNIFORM, 4, List.of(), List.of());
    List<SubNetwork> all = GRID.all();
    long[] counts = new long[all.size()];
    Random rng = new Random(1);
    int steps = 20_000;
    for (int i = 0; i < steps; i++) {
      List<SubNetwork> s = p.sample(GRID, rng);
      assertThat(s).hasSize(4).doesNotHaveDuplicates();
      s.forEach(x -> counts[all.indexOf(x)]++);
    }
    double[] expected = new double[all.size()];
    java.util.Arrays.fill(expected, steps * 4.0 / all.size());
    // 15 degrees of freedom: the 99.9% quantile of chi-square is 37.7.
    assertThat(chi2(counts, expected)).isLessThan(37.7);
  }

  @Test
  void perStepStreamsAreUniformAcrossConsecutiveSteps() {
    // The trainer draws step s from its own stream (seed, s): consecutive steps must not be
    // correlated, or some sub-networks would rarely train.
    SamplingPolicy p = new SamplingPolicy(SamplingPolicy.UNIFORM, 1, List.of(), List.of());
    TrainingOptions o = new TrainingOptions(20_000, 32, 0, 1, 0, 0);
    List<SubNetwork> all = GRID.all();
    long[] counts = new long[all.size()];
    for (long step = 0; step < 20_000; step++) {
      counts[all.indexOf(SortedTrainer.sampleAt(step, 1, GRID, p, o, SPEC).get(0))]++;
    }
    double[] expected = new double[all.size()];
    java.util.Arrays.fill(expected, 20_000.0 / all.size());
    assertThat(chi2(counts, expected)).isLessThan(37.7);
  }

  @Test
  void sandwichAlwaysHasLargestAndSmallestAndSpreadsTheRest() {
    SamplingPolicy p = new SamplingPolicy(SamplingPolicy.SANDWICH, 4, List.of(), List.of());
    List<SubNetwork> all = GRID.all();
    List<SubNetwork> middle = all.subList(1, all.size() - 1);
    long[] counts = new long[middle.size()];
    Random rng = new Random(2);
    int steps = 20_000;
    for (int i = 0; i < steps; i++) {
      List<SubNetwork> s = p.sample(GRID, rng);
      assertThat(s).hasSize(4).contains(all.get(0), all.get(all.size() - 1));
      s.stream().filter(middle::contains).forEach(x -> counts[middle.indexOf(x)]++);
    }
    double[] expected = new double[middle.size()];
    java.util.Arrays.fill(expected, steps * 2.0 / middle.size());
    // 13 degrees of freedom: 99.9% quantile 34.5.
    assertThat(chi2(counts, expected)).isLessThan(34.5);
  }

  @Test
  void probabilisticFollowsTheConfiguredWidthAndDepthProbabilities() {
    List<Double> wp = List.of(0.1, 0.2, 0.3, 0.4);
    List<Double> dp = List.of(0.4, 0.3, 0.2, 0.1);
    SamplingPolicy p = new SamplingPolicy(SamplingPolicy.PROBABILISTIC, 1, wp, dp);
    p.check(GRID);
    long[] w = new long[4];
    long[] d = new long[4];
    Random rng = new Random(3);
    int n = 40_000;
    for (int i = 0; i < n; i++) {
      SubNetwork s = p.sample(GRID, rng).get(0);
      w[GRID.widths().indexOf(s.widthFraction())]++;
      d[GRID.depths().indexOf(s.depth())]++;
    }
    double[] ew = wp.stream().mapToDouble(v -> v * n).toArray();
    double[] ed = dp.stream().mapToDouble(v -> v * n).toArray();
    // 3 degrees of freedom: 99.9% quantile 16.3.
    assertThat(chi2(w, ew)).isLessThan(16.3);
    assertThat(chi2(d, ed)).isLessThan(16.3);
  }

  @Test
  void probabilitiesMustMatchTheGridAndSumToOne() {
    assertThatThrownBy(() -> new SamplingPolicy(SamplingPolicy.PROBABILISTIC, 1, List.of(0.5, 0.5), List.of(1.0)).check(GRID))
        .hasMessageContaining("width-probabilities has 2 entries; the grid has 4");
    assertThatThrownBy(() -> new SamplingPolicy(SamplingPolicy.PROBABILISTIC, 1,
        List.of(0.5, 0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25, 0.25)).check(GRID))
        .hasMessageContaining("must sum to 1");
    assertThatThrownBy(() -> new SamplingPolicy("greedy", 1, List.of(), List.of()))
        .hasMessageContaining("uniform, sandwich or probabilistic");
  }

  @Test
  void delayedShrinkingSwitchesAtTheConfiguredStepWithAWarmUp() {
    SamplingPolicy p = new SamplingPolicy(SamplingPolicy.SANDWICH, 3, List.of(), List.of());
    TrainingOptions o = new TrainingOptions(1000, 32, 0, 1, 0.5, 100);
    assertThat(o.shrinkStep()).isEqualTo(500);
    Map<Long, List<SubNetwork>> at = new HashMap<>();
    for (long step : new long[] {0, 499, 500, 999}) {
      at.put(step, SortedTrainer.sampleAt(step, 9, GRID, p, o, SPEC));
    }
    assertThat(at.get(0L)).containsExactly(SPEC.largest());
    assertThat(at.get(499L)).containsExactly(SPEC.largest());
    assertThat(at.get(500L)).hasSize(3).contains(GRID.all().get(0));
    assertThat(o.lrFactor(499)).isEqualTo(1.0);
    assertThat(o.lrFactor(500)).isEqualTo(0.1);
    assertThat(o.lrFactor(550)).isCloseTo(0.55, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(o.lrFactor(600)).isEqualTo(1.0);
    assertThat(new TrainingOptions(1000, 32, 0, 1, 0, 100).lrFactor(0)).isEqualTo(1.0);
  }

  @Test
  void largestEveryStepTrainsTheFullNetworkAtEveryStepBesideTheDraws() throws Exception {
    // All the probability on the smallest width and depth: the full network is never drawn.
    List<Double> wp = new java.util.ArrayList<>(java.util.Collections.nCopies(GRID.widths().size(), 0.0));
    List<Double> dp = new java.util.ArrayList<>(java.util.Collections.nCopies(GRID.depths().size(), 0.0));
    wp.set(0, 1.0);
    dp.set(0, 1.0);
    SamplingPolicy drawn = new SamplingPolicy(SamplingPolicy.PROBABILISTIC, 2, wp, dp);
    SamplingPolicy always = new SamplingPolicy(SamplingPolicy.PROBABILISTIC, 2, wp, dp, true);
    for (long step = 0; step < 50; step++) {
      assertThat(drawn.sample(GRID, dev.flotilla.executors.Seeds.random(3, step)))
          .containsExactly(GRID.all().get(0));
      assertThat(always.sample(GRID, dev.flotilla.executors.Seeds.random(3, step)))
          .containsExactly(SPEC.largest(), GRID.all().get(0));
    }
    assertThat(dev.flotilla.executors.json.Json.CANONICAL.writeValueAsString(drawn)).as("left out when false: ids kept")
        .doesNotContain("largest");
  }

  @Test
  void cosineScheduleDecaysOverAllStepsAndMultipliesTheWarmUp() {
    TrainingOptions cosine = new TrainingOptions(1000, 32, 0, 1, 0.5, 100, TrainingOptions.COSINE);
    assertThat(cosine.lrFactor(0)).isEqualTo(1.0);
    assertThat(cosine.lrFactor(250)).isCloseTo((1 + Math.cos(Math.PI / 4)) / 2, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(cosine.lrFactor(500)).as("warm-up start x half-way decay").isCloseTo(0.1 * 0.5, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(cosine.lrFactor(999)).isLessThan(1e-4);
    assertThat(new TrainingOptions(1000, 32, 0, 1, 0, 0, TrainingOptions.CONSTANT))
        .as("constant is the default, one JSON for both").isEqualTo(new TrainingOptions(1000, 32, 0, 1, 0, 0));
    assertThatThrownBy(() -> new TrainingOptions(10, 1, 0, 1, 0, 0, "step"))
        .hasMessageContaining("constant or cosine, got 'step'");
  }
}
