package dev.flotilla.executors.backend;

import dev.flotilla.executors.unit.LearningCurve;

/**
 * Result of {@link TrainLoop#run}: the trained model (owned by the caller) and what it took.
 * {@code resumedFromStep} is -1 when training started at step 0; {@code curve} covers every step,
 * including those of attempts before a resume.
 */
public record TrainOutcome(TrainableModel model, long steps, long stepsRunHere,
    long resumedFromStep, double seconds, double finalLoss, LearningCurve curve) {

  /** Training throughput of this attempt. */
  public double examplesPerSecond(int batchSize) {
    return seconds > 0 ? stepsRunHere * (double) batchSize / seconds : 0;
  }
}
