package dev.flotilla.ensembles.corpus.debian;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The difficulty measures of one domain ({@link DebianDifficultyUnit}); record components are
 * the snake_case keys of its unit record, {@link #asMap()} the rounded values domains.json holds.
 *
 * @param budgetBytes the training bytes every domain's model was allowed (the smallest training domain's)
 */
public record DifficultyResult(String domain, double difficultyBpbNgram, double bpbNgramStatic,
    double lzmaBitsPerByte, long measuredTrainBytes, long measuredTestBytes, long budgetBytes) {

  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("difficulty_bpb_ngram", round4(difficultyBpbNgram));
    m.put("bpb_ngram_static", round4(bpbNgramStatic));
    m.put("lzma_bits_per_byte", round4(lzmaBitsPerByte));
    m.put("measured_train_bytes", measuredTrainBytes);
    m.put("measured_test_bytes", measuredTestBytes);
    return m;
  }

  /** Four decimals as domains.json has always held them: the exact binary value rounded half-even. */
  static double round4(double v) {
    return new java.math.BigDecimal(v).setScale(4, java.math.RoundingMode.HALF_EVEN).doubleValue();
  }
}
