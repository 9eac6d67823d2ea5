package dev.flotilla.ensembles.hdee;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an ensemble unit reports beside its files: mean bits per byte over the evaluation
 * domains per combiner ({@code mean_bpb.<combiner>}) and its plan.
 */
public record EnsembleResult(Map<String, Double> meanBpb, String plan) {

  public EnsembleResult {
    // in the unit's order, so _UNIT.json lists the keys the same way every run
    meanBpb = Collections.unmodifiableMap(new LinkedHashMap<>(meanBpb));
  }
}
