package dev.flotilla.ensembles.sortednet;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a sorted training runs.
 *
 * @param steps            optimizer steps
 * @param batchSize        examples per step (every sampled sub-network sees the same batch)
 * @param distill          weight of in-place distillation from the largest sub-network (0 = off;
 *                         1 = the sub-networks learn from the full network's output only, as
 *                         slimmable networks' in-place distillation)
 * @param temperature      softening temperature of the distillation targets
 * @param shrinkAfter      DεpS delayed shrinking: fraction of steps during which only the full
 *                         network trains (0 = sub-networks from the start)
 * @param warmupSteps      after the switch, the learning rate ramps linearly from 10% to 100%
 *                         over this many steps
 * @param lrSchedule       {@link #CONSTANT} (null, left out of the JSON so earlier units keep
 *                         their ids) or {@link #COSINE}: the rate decays as (1 + cos(pi·t/T))/2
 *                         over all steps, as slimmable networks' per-iteration cosine decay
 */
public record TrainingOptions(long steps, int batchSize, double distill, double temperature,
    double shrinkAfter, long warmupSteps,
    @JsonInclude(JsonInclude.Include.NON_NULL) String lrSchedule) {

  public static final String CONSTANT = "constant";
  public static final String COSINE = "cosine";

  public TrainingOptions {
    if (steps < 1 || batchSize < 1) {
      throw new IllegalArgumentException("steps and batch size must be >= 1");
    }
    if (!(distill >= 0 && distill <= 1)) {
      throw new IllegalArgumentException("distillation weight must be in [0, 1], got " + distill);
    }
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("distillation temperature must be > 0, got " + temperature);
    }
    if (!(shrinkAfter >= 0 && shrinkAfter < 1)) {
      throw new IllegalArgumentException("delayed-shrinking fraction must be in [0, 1), got " + shrinkAfter);
    }
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("warm-up steps must be >= 0, got " + warmupSteps);
    }
    if (CONSTANT.equals(lrSchedule)) {
      lrSchedule = null; // one JSON (and unit id) for the default
    }
    if (lrSchedule != null && !COSINE.equals(lrSchedule)) {
      throw new IllegalArgumentException("learning-rate schedule must be constant or cosine, got '"
          + lrSchedule + "'");
    }
  }

  /** A constant learning rate (after the warm-up). */
  public TrainingOptions(long steps, int batchSize, double distill, double temperature,
      double shrinkAfter, long warmupSteps) {
    this(steps, batchSize, distill, temperature, shrinkAfter, warmupSteps, null);
  }

  /** The same schedule and batches for one architecture trained alone: no sub-networks to shrink to or distil into. */
  public TrainingOptions alone() {
    return new TrainingOptions(steps, batchSize, 0, temperature, 0, 0, lrSchedule);
  }

  /** First step (0-based) at which sub-networks other than the full one train. */
  public long shrinkStep() {
    return (long) Math.floor(shrinkAfter * steps);
  }

  /** Learning-rate multiplier at {@code step}: the warm-up ramp after the switch, times the decay. */
  public double lrFactor(long step) {
    double decay = COSINE.equals(lrSchedule) ? 0.5 * (1 + Math.cos(Math.PI * step / steps)) : 1.0;
    long since = step - shrinkStep();
    if (shrinkStep() == 0 || since < 0 || warmupSteps == 0 || since >= warmupSteps) {
      return decay;
    }
    return (0.1 + 0.9 * since / (double) warmupSteps) * decay;
  }
}
