package dev.flotilla.executors.backend;

/** How long and on what batches to train: {@code steps} optimizer steps of {@code batchSize}. */
public record TrainSchedule(long steps, int batchSize, long seed) {

  public TrainSchedule {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, got " + steps);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
  }
}
