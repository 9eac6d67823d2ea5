package dev.flotilla.ensembles.sortednet;

/**
 * What one sorted training reports (the metrics and facts of its {@code _UNIT.json}).
 *
 * @param trainFlops                 the training's expected FLOPs (what the cost table compares)
 * @param trainFlopsThisAttempt      FLOPs the committing attempt actually ran
 * @param examplesPerSecondPerSubnet sampled sub-network batches x batch size per second
 */
public record SortedTrainResult(double trainFlops, double trainFlopsThisAttempt,
    double trainSeconds, double finalLoss, long steps, long resumedFromStep, long params,
    double examplesPerSecondPerSubnet, String artifact, String policy) {}
