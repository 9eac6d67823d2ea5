package dev.flotilla.datafiltering.pool;

import java.io.Closeable;
import java.io.IOException;

/** Writes one pool shard, sample after sample, in one format. Not thread-safe. */
public interface PoolWriter extends Closeable {

  void write(PoolSample sample) throws IOException;

  /** Samples written so far. */
  long samples();
}
