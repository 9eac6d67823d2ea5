package dev.flotilla.executors.lm;

/**
 * Linear warm-up then cosine decay to a floor, the usual LM schedule (HDEE's experts use one
 * too). A pure function of the step, so a resumed unit continues on the same curve.
 */
public record LearningRateSchedule(double peak, long warmupSteps, long totalSteps, double floorFraction) {

  public LearningRateSchedule {
    if (totalSteps < 1 || warmupSteps < 0 || peak <= 0 || floorFraction < 0 || floorFraction > 1) {
      throw new IllegalArgumentException("bad schedule: peak=" + peak + " warmup=" + warmupSteps
          + " total=" + totalSteps + " floor=" + floorFraction);
    }
  }

  /** Learning rate for the 0-based step. */
  public double at(long step) {
    if (step < warmupSteps) {
      return peak * (step + 1) / warmupSteps;
    }
    double progress = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
    double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
    return peak * (floorFraction + (1 - floorFraction) * cosine);
  }
}
