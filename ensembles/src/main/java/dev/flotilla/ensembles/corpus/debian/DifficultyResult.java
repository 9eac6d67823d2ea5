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
    m.put("difficulty_bpb_ngram", Math.round(difficultyBpbNgram * 1e4) / 1e4);
    m.put("bpb_ngram_static", Math.round(bpbNgramStatic * 1e4) / 1e4);
    m.put("lzma_bits_per_byte", Math.round(lzmaBitsPerByte * 1e4) / 1e4);
    m.put("measured_train_bytes", measuredTrainBytes);
    m.put("measured_test_bytes", measuredTestBytes);
    return m;
  }
}
