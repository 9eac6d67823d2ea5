package dev.flotilla.ensembles.hdee;

import dev.flotilla.executors.lm.LearningRateSchedule;
import dev.flotilla.executors.lm.LmSpec;

/**
 * The experts' learning-rate schedule (HDEE's code: 0.1x the seed's peak, 50 warm-up steps, cosine
 * over a 600-step horizon down to half the peak). Experts of different steps are checkpoints of
 * the same schedule: the rate at step t does not depend on where the expert stops.
 *
 * @param lrScale the experts' peak as a fraction of the seed's learning rate
 * @param lrFloor the rate at the end of the horizon, as a fraction of the peak
 * @param warmup warm-up steps as a fraction of the horizon
 * @param horizon the schedule's length as a multiple of the homogeneous expert's steps (600/400)
 */
public record ExpertPhase(double lrScale, double lrFloor, double warmup, double horizon) {

  public ExpertPhase {
    if (!(lrScale > 0) || lrFloor < 0 || lrFloor > 1 || warmup < 0 || warmup >= 1 || !(horizon >= 1)) {
      throw new IllegalArgumentException("bad expert phase: lr-scale=" + lrScale + " lr-floor=" + lrFloor
          + " warmup=" + warmup + " horizon=" + horizon);
    }
  }

  /** The schedule of an expert of {@code size} whose horizon is {@code horizonSteps}. */
  public LearningRateSchedule schedule(LmSpec size, long horizonSteps) {
    return new LearningRateSchedule(size.learningRate() * lrScale, (long) Math.ceil(warmup * horizonSteps),
        horizonSteps, lrFloor);
  }
}
