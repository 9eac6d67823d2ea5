package dev.flotilla.ensembles.corpus;

/**
 * What a tokenizing unit reports per split: tokens (document markers included) and the bytes of
 * text they hold (after replacing what was not UTF-8 in {@code nonUtf8Documents}), so bytes per
 * token says what the tokenizer buys on each domain.
 */
public record TokensResult(long vocab, long tokensTrain, long bytesTrain, long tokensValid, long bytesValid,
    long tokensTest, long bytesTest, long nonUtf8Documents, String domain) {

  /** Text bytes per token over the three splits. */
  public double bytesPerToken() {
    long t = tokensTrain + tokensValid + tokensTest;
    return t == 0 ? 0 : (bytesTrain + bytesValid + bytesTest) / (double) t;
  }
}
