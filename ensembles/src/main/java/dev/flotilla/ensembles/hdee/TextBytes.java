package dev.flotilla.ensembles.hdee;

import dev.flotilla.executors.lm.ByteTokens;

/**
 * Bytes of text per target token, the denominator of bits per byte: 1 per byte token, a
 * tokenizer's share of the text per id (the corpus's {@code <split>.bytes.tok}), and
 * {@link #NOT_TEXT} for document markers, whose loss is not counted at all (a byte-fallback
 * token after the first of its character holds 0 bytes but its loss counts).
 */
public final class TextBytes {

  /** A target that is not text (a document marker); the largest u16. */
  public static final int NOT_TEXT = dev.flotilla.ensembles.corpus.CorpusTokensUnit.MARKER;

  private TextBytes() {}

  public static int[] ofByteTokens(int[] targets) {
    int[] b = new int[targets.length];
    for (int t = 0; t < b.length; t++) {
      b[t] = ByteTokens.isByte(targets[t]) ? 1 : NOT_TEXT;
    }
    return b;
  }

  static double[] doubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
