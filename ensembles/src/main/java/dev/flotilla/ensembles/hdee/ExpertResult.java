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
 */
public record ExpertResult(long steps, double trainFlops, double finalLoss, double trainSeconds,
    double tokensPerSecond, long resumedFromStep, Map<String, Double> bpbTest, int group, int iteration,
    String size, String domain, String difficulty) {

  public ExpertResult {
    // in the unit's order, so _UNIT.json lists the keys the same way every run
    bpbTest = Collections.unmodifiableMap(new LinkedHashMap<>(bpbTest));
  }

  /** Bits per byte on the expert's own domain's test windows. */
  public double ownTestBpb() {
    return bpbTest.get(domain);
  }
}
