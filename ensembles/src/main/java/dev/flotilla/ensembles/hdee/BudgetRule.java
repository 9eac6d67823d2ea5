package dev.flotilla.ensembles.hdee;

import java.util.List;

/**
 * Everything that turns one total compute budget into a plan.
 *
 * @param totalFlops the compared budget of every plan (6·params·tokens): the expert phase under
 *     {@link Protocol#PAPER}, seeds and experts under {@link Protocol#ALL_IN}
 * @param seedFraction ({@code all-in}) share of the budget spent on the seed models, split evenly
 *     over the sizes a plan uses
 * @param tokensPerStep batch × context: training tokens of one optimizer step
 * @param sizes from smallest to largest, one per difficulty group
 * @param homogeneousSize index into {@code sizes} used by plans whose sizes do not vary
 * @param groupWeights relative compute share of an expert in each difficulty group (easy
 *     first), used by plans whose steps vary
 * @param minSteps an expert or seed with fewer steps than this is refused (budget too small)
 * @param protocol what the budget counts
 * @param seedSteps ({@code paper}) steps of every seed, whatever its size
 * @param horizon the experts' schedule length as a multiple of the homogeneous expert's steps;
 *     no expert may train past it
 */
public record BudgetRule(double totalFlops, double seedFraction, long tokensPerStep, List<ExpertSize> sizes,
    int homogeneousSize, List<Double> groupWeights, long minSteps, Protocol protocol, long seedSteps,
    double horizon) {

  public static final double TOLERANCE = 0.01;

  public BudgetRule {
    sizes = List.copyOf(sizes);
    groupWeights = List.copyOf(groupWeights);
    if (!(totalFlops > 0)) {
      throw new IllegalArgumentException("total-flops must be > 0, got " + totalFlops);
    }
    if (seedFraction < 0 || seedFraction >= 1) {
      throw new IllegalArgumentException("seed-fraction must be in [0, 1), got " + seedFraction);
    }
    if (tokensPerStep < 1) {
      throw new IllegalArgumentException("tokens per step must be >= 1, got " + tokensPerStep);
    }
    if (sizes.isEmpty() || homogeneousSize < 0 || homogeneousSize >= sizes.size()) {
      throw new IllegalArgumentException("homogeneous size index " + homogeneousSize + " is not one of "
          + sizes.size() + " sizes");
    }
    if (groupWeights.size() != sizes.size() || groupWeights.stream().anyMatch(w -> !(w > 0))) {
      throw new IllegalArgumentException("one positive weight per difficulty group (" + sizes.size()
          + " groups, as many as sizes) is needed, got " + groupWeights);
    }
    if (minSteps < 1) {
      throw new IllegalArgumentException("min-steps must be >= 1, got " + minSteps);
    }
    if (protocol == Protocol.PAPER && seedSteps < minSteps) {
      throw new IllegalArgumentException("seed steps must be >= min-steps " + minSteps + ", got " + seedSteps);
    }
    if (!(horizon >= 1)) {
      throw new IllegalArgumentException("the experts' horizon must be >= 1 (x the homogeneous steps), got " + horizon);
    }
  }

  public int groups() {
    return sizes.size();
  }

  /** FLOPs of one optimizer step of a model of this size. */
  public double stepFlops(ExpertSize size) {
    return size.spec().trainFlopsPerToken() * tokensPerStep;
  }
}
