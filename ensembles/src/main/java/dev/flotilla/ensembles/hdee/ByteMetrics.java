package dev.flotilla.ensembles.hdee;

/**
 * Bits per byte and per-byte perplexity, accumulated over targets that are bytes (document
 * markers are predicted but not counted: they are not text).
 */
public final class ByteMetrics {

  private double nats;
  private long bytes;

  /** Adds one sequence: {@code logProbs[t]} is ln p of {@code targets[t]}. */
  public void add(double[] logProbs, int[] targets) {
    for (int t = 0; t < logProbs.length; t++) {
      if (targets[t] < 256) {
        nats -= logProbs[t];
        bytes++;
      }
    }
  }

  public void add(float[] logProbs, int[] targets) {
    double[] d = new double[logProbs.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = logProbs[i];
    }
    add(d, targets);
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
