package dev.flotilla.ensembles.hdee;

/**
 * One row of an ensemble unit's {@code evaluation.json}: a model (a combiner, or
 * {@code expert:<domain>} for a single expert) on one domain's test split.
 *
 * @param role {@code train} or {@code eval-only}
 */
public record EnsembleScore(String plan, String domain, String role, String model, double bitsPerByte,
    double perplexity, long bytes) {}
