package dev.flotilla.ensembles.hdee;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a domain expert reports (keys in snake_case: {@code train_flops}, {@code bpb_test.<domain>},
 * ...). Written by {@link HdeeExpertUnit}, read by the hdee job's report.
 *
 * @param resumedFromStep step the training resumed from (a checkpoint), or -1
 * @param bpbTest bits per byte on every evaluation domain's test windows
 * @param group the domain's difficulty group (0 = easiest)
 * @param iteration position in its lineage (0 = branched from the seed)
 * @param difficulty {@code declared} or {@code measured}: where the group came from
 * @param validBpbStart bits per byte on its own domain's valid windows before training (its
 *     parent's), -1 if not measured (measured difficulty, or resumed past it)
 * @param validBpbMid the same half way through its steps
 * @param validBpbEnd the same after its last step
 */
public record ExpertResult(long steps, double trainFlops, double finalLoss, double trainSeconds,
    double tokensPerSecond, long resumedFromStep, Map<String, Double> bpbTest, int group, int iteration,
    String size, String domain, String difficulty, double validBpbStart, double validBpbMid, double validBpbEnd) {

  public ExpertResult {
    // in the unit's order, so _UNIT.json lists the keys the same way every run
    bpbTest = Collections.unmodifiableMap(new LinkedHashMap<>(bpbTest));
  }

  /**
   * Marginal return: the drop of own-domain valid bits per byte per 100 steps over the second half
   * of the expert's steps (what more steps would still buy).
   */
  public double marginalReturn() {
    return validBpbMid < 0 ? Double.NaN : (validBpbMid - validBpbEnd) / (steps - steps / 2) * 100;
  }

  /** Bits per byte on the expert's own domain's test windows. */
  public double ownTestBpb() {
    return bpbTest.get(domain);
  }
}
