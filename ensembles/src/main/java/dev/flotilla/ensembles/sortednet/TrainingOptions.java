package dev.flotilla.ensembles.sortednet;

/**
 * How a sorted training runs.
 *
 * @param steps            optimizer steps
 * @param batchSize        examples per step (every sampled sub-network sees the same batch)
 * @param distill          weight of in-place distillation from the largest sub-network (0 = off)
 * @param temperature      softening temperature of the distillation targets
 * @param shrinkAfter      DεpS delayed shrinking: fraction of steps during which only the full
 *                         network trains (0 = sub-networks from the start)
 * @param warmupSteps      after the switch, the learning rate ramps linearly from 10% to 100%
 *                         over this many steps
 */
public record TrainingOptions(long steps, int batchSize, double distill, double temperature,
    double shrinkAfter, long warmupSteps) {

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
  }

  /** First step (0-based) at which sub-networks other than the full one train. */
  public long shrinkStep() {
    return (long) Math.floor(shrinkAfter * steps);
  }

  /** Learning-rate multiplier at {@code step}: 1 before the switch, then the warm-up ramp. */
  public double lrFactor(long step) {
    long since = step - shrinkStep();
    if (shrinkStep() == 0 || since < 0 || warmupSteps == 0 || since >= warmupSteps) {
      return 1.0;
    }
    return 0.1 + 0.9 * since / (double) warmupSteps;
  }
}
