package dev.flotilla.datafiltering.dfn;

import java.util.Map;

/**
 * The filtering network's training: last batch loss, steps, learned temperature, wall seconds, the
 * checkpoint step it resumed from (-1: none); with a user's high-quality set, its usable pairs and
 * the pairs left out per reason (null for the Fashion-MNIST set); where it ran ({@code cpu},
 * {@code gpu(N)}) and why it fell back to the CPU (null: it did not; both null in records written
 * before them).
 */
public record TrainResult(double finalLoss, long steps, double temperature, double trainSeconds,
    long resumedFromStep, Long hqPairs, Map<String, Long> hqSkipped, String device, String deviceFallback) {

  /** Training on the Fashion-MNIST set, placement not recorded. */
  public TrainResult(double finalLoss, long steps, double temperature, double trainSeconds, long resumedFromStep) {
    this(finalLoss, steps, temperature, trainSeconds, resumedFromStep, null, null, null, null);
  }
}
