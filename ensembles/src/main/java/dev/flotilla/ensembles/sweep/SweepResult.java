package dev.flotilla.ensembles.sweep;

/**
 * What one sweep training reports (the metrics and facts of its {@code _UNIT.json}; component
 * names are today's keys in camelCase). {@code optimizerStateRestored} stays the string fact
 * {@code "true"}/{@code "false"} that runs before typed results recorded.
 */
public record SweepResult(double accuracy, long params, double trainFlops,
    long forwardFlopsPerExample, double trainSeconds, double evalSeconds, double examplesPerSecond,
    double finalLoss, long steps, long stepsRunInFinalAttempt, long resumedFromStep,
    int trainExamples, int testExamples, String backend, String model, String artifact,
    String optimizerStateRestored) {}
