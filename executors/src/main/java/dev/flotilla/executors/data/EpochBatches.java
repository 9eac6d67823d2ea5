package dev.flotilla.executors.data;

/**
 * Deterministic mini-batches: batch {@code step} is a pure function of (seed, step). Epoch
 * {@code e} visits a permutation seeded by {@code seed + e}; the last partial batch of an epoch
 * is dropped. A training resumed at step s therefore sees exactly the batches the failed
 * attempt would have seen from s on. Not thread-safe (it caches the current epoch's order).
 */
public final class EpochBatches {

  private final LabeledImages data;
  private final int batch;
  private final long seed;
  private final int stepsPerEpoch;
  private int[] order;
  private long orderEpoch = -1;

  public EpochBatches(LabeledImages data, int batch, long seed) {
    if (data.size() < batch) {
      throw new IllegalArgumentException("batch size " + batch + " exceeds the " + data.size()
          + " training examples");
    }
    this.data = data;
    this.batch = batch;
    this.seed = seed;
    this.stepsPerEpoch = data.size() / batch;
  }

  /** Fills {@code x} (batch × example size) and {@code y} with batch {@code step}. */
  public void fill(long step, float[] x, int[] y) {
    long epoch = step / stepsPerEpoch;
    if (epoch != orderEpoch) {
      order = data.permutation(seed + epoch);
      orderEpoch = epoch;
    }
    data.gather(order, (int) (step % stepsPerEpoch) * batch, batch, x, y);
  }

  public float[] newFeatures() {
    return new float[batch * data.exampleSize()];
  }

  public int[] newLabels() {
    return new int[batch];
  }
}
