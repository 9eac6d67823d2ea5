package dev.flotilla.ensembles.hdee;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a seed unit, or the dense baseline, reports (keys in snake_case: {@code train_flops},
 * {@code bpb_test.<domain>}, ...). Written by {@link HdeeSeedUnit} and {@link HdeeDenseUnit}, read by
 * the hdee job's report.
 *
 * @param resumedFromStep step the training resumed from (a checkpoint), or -1
 * @param bpbTest bits per byte on every evaluation domain's test windows
 * @param role {@code seed} or {@code dense}
 */
public record SeedResult(long steps, double trainFlops, double finalLoss, double trainSeconds,
    double tokensPerSecond, long resumedFromStep, Map<String, Double> bpbTest, String size, String role) {

  public SeedResult {
    // in the unit's order, so _UNIT.json lists the keys the same way every run
    bpbTest = Collections.unmodifiableMap(new LinkedHashMap<>(bpbTest));
  }

  static SeedResult of(LmTraining.Outcome o, double flops, String size) {
    return new SeedResult(o.steps(), flops, o.finalLoss(), o.seconds(), o.tokensPerSecond(), o.resumedFrom(),
        o.testBitsPerByte(), size, "seed");
  }
}
