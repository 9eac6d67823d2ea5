package dev.flotilla.datafiltering.pool;

import java.io.Closeable;
import java.io.IOException;

/**
 * Streams the samples of one pool shard, whatever its format. Holds at most one sample (or one
 * Parquet row group) at a time. Samples it cannot return are counted per reason in
 * {@link #skipped()}, never dropped silently. Not thread-safe.
 */
public interface PoolReader extends Closeable {

  boolean hasNext() throws IOException;

  /** The next sample; {@link java.util.NoSuchElementException} at the end. */
  PoolSample next() throws IOException;

  /** Samples (or whole unreadable remainders of the shard) left out so far, by reason. */
  SkipCounts skipped();

  /** How many samples the shard holds, if its format records it (a Parquet footer), else -1. */
  default long recordedSamples() {
    return -1;
  }
}
