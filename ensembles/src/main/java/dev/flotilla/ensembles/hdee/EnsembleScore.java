package dev.flotilla.ensembles.hdee;

/**
 * One row of an ensemble unit's {@code evaluation.json}: a model (a combiner, or
 * {@code expert:<domain>} for a single expert) on one domain's test split.
 *
 * @param role {@code train} or {@code eval-only}
 * @param windows test windows scored
 * @param bpbLow lower end of the bootstrap interval of bits per byte over windows (95%)
 * @param bpbHigh upper end of that interval
 */
public record EnsembleScore(String plan, String domain, String role, String model, double bitsPerByte,
    double perplexity, long bytes, int windows, double bpbLow, double bpbHigh) {

  /** The bootstrap interval; both ends equal the score in evaluations written before intervals. */
  public WindowScores.Interval interval() {
    return windows == 0 ? new WindowScores.Interval(bitsPerByte, bitsPerByte) : new WindowScores.Interval(bpbLow, bpbHigh);
  }
}
