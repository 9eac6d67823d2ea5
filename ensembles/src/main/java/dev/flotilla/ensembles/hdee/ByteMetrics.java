package dev.flotilla.ensembles.hdee;

/**
 * Bits per byte and per-byte perplexity, accumulated over targets that are text (document
 * markers are predicted but not counted); a target of a tokenizer counts its bytes of text.
 */
public final class ByteMetrics {

  private double nats;
  private long bytes;

  /** Adds one sequence of byte tokens: {@code logProbs[t]} is ln p of {@code targets[t]}. */
  public void add(double[] logProbs, int[] targets) {
    addCounted(logProbs, TextBytes.ofByteTokens(targets));
  }

  public void add(float[] logProbs, int[] targets) {
    add(TextBytes.doubles(logProbs), targets);
  }

  /** Adds one sequence whose target t holds {@code textBytes[t]} bytes ({@link TextBytes#NOT_TEXT}: left out). */
  public void addCounted(double[] logProbs, int[] textBytes) {
    for (int t = 0; t < logProbs.length; t++) {
      if (textBytes[t] != TextBytes.NOT_TEXT) {
        nats -= logProbs[t];
        bytes += textBytes[t];
      }
    }
  }

  public void addCounted(float[] logProbs, int[] textBytes) {
    addCounted(TextBytes.doubles(logProbs), textBytes);
  }

  public long bytes() {
    return bytes;
  }

  public double bitsPerByte() {
    if (bytes == 0) {
      throw new IllegalStateException("no byte targets were scored");
    }
    return nats / bytes / Math.log(2);
  }

  /** 2^bits-per-byte: the per-byte perplexity. */
  public double perplexity() {
    return Math.pow(2, bitsPerByte());
  }
}
