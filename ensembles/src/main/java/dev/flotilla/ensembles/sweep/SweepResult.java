package dev.flotilla.ensembles.sweep;

/**
 * What one sweep training reports (the metrics and facts of its {@code _UNIT.json}; component
 * names are today's keys in camelCase). {@code optimizerStateRestored} stays the string fact
 * {@code "true"}/{@code "false"} that runs before typed results recorded.
 *
 * @param accuracy      top-1 accuracy on the test split (reported, never used to choose)
 * @param validAccuracy top-1 accuracy on the validation split (what ranking uses); null when the
 *                      unit had no validation split (and in records written before it existed)
 */
public record SweepResult(double accuracy, long params, double trainFlops,
    long forwardFlopsPerExample, double trainSeconds, double evalSeconds, double examplesPerSecond,
    double finalLoss, long steps, long stepsRunInFinalAttempt, long resumedFromStep,
    int trainExamples, int testExamples, String backend, String model, String artifact,
    String optimizerStateRestored, Double validAccuracy, int validExamples) {}
