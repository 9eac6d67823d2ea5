package dev.flotilla.datafiltering.pool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Writes samples into consecutive shards {@code shard-00000.<ext>}, {@code shard-00001.<ext>}, ...
 * of at most {@code shardSize} samples each, in one format; one shard open at a time. No shard is
 * created before its first sample, so an empty selection writes no files.
 */
public final class RollingShardWriter implements PoolWriter {

  private final Path dir;
  private final PoolFormat format;
  private final int shardSize;
  private final Configuration conf;
  private final List<Path> written = new ArrayList<>();
  private PoolWriter current;
  private long samples;

  public RollingShardWriter(Path dir, PoolFormat format, int shardSize, Configuration conf) {
    if (shardSize < 1) {
      throw new IllegalArgumentException("shard size must be >= 1, got " + shardSize);
    }
    this.dir = dir;
    this.format = format;
    this.shardSize = shardSize;
    this.conf = conf;
  }

  @Override
  public void write(PoolSample sample) throws IOException {
    if (current == null || current.samples() == shardSize) {
      if (current != null) {
        current.close();
      }
      Path next = new Path(dir, String.format("shard-%05d.%s", written.size(), format.extension()));
      current = format.create(next, conf);
      written.add(next);
    }
    current.write(sample);
    samples++;
  }

  @Override
  public long samples() {
    return samples;
  }

  /** The shards written so far, in order. */
  public List<Path> shards() {
    return List.copyOf(written);
  }

  @Override
  public void close() throws IOException {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
