package dev.flotilla.ensembles.sortednet;

/**
 * What one independent baseline reports (the metrics and facts of its {@code _UNIT.json}).
 *
 * @param subnetwork    the sub-network label whose architecture was trained alone
 * @param accuracy      top-1 accuracy on the test split (compared, never used to choose)
 * @param validAccuracy top-1 accuracy on the validation split (null without one)
 */
public record IndependentResult(String subnetwork, double accuracy, Double validAccuracy,
    double trainFlops, double trainSeconds, double finalLoss, long steps, long params,
    String artifact) {}
