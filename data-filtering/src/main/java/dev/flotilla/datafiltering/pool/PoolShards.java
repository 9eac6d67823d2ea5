package dev.flotilla.datafiltering.pool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Finds the shards of an existing pool, and converts shards between formats (streaming). */
public final class PoolShards {

  private PoolShards() {}

  /**
   * The {@code .tar} and {@code .parquet} shards named by {@code location} on any Hadoop file
   * system: a shard file, a directory (searched recursively), or a glob
   * ({@code hdfs://nn/pool/shard-*.parquet}). Sorted by path; fails if there are none.
   */
  public static List<Path> list(String location, Configuration conf) throws IOException {
    Path p = new Path(location);
    FileSystem fs = p.getFileSystem(conf);
    List<Path> out = new ArrayList<>();
    FileStatus[] matches = fs.globStatus(p);
    if (matches == null || matches.length == 0) {
      throw new IOException("no pool at " + location + ": nothing matches");
    }
    for (FileStatus m : matches) {
      if (m.isFile()) {
        if (PoolFormat.isShard(m.getPath().getName())) {
          out.add(m.getPath());
        }
        continue;
      }
      RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> it = fs.listFiles(m.getPath(), true);
      while (it.hasNext()) {
        Path f = it.next().getPath();
        // Skip hidden and in-progress files (_SUCCESS, .crc, _tmp...).
        if (PoolFormat.isShard(f.getName()) && !f.getName().startsWith(".") && !f.getName().startsWith("_")) {
          out.add(f);
        }
      }
    }
    if (out.isEmpty()) {
      throw new IOException("no .tar or .parquet shards at " + location);
    }
    out.sort(null);
    return out;
  }

  /**
   * What a reshard wrote: pairs kept, listed uids found in no shard, second copies of a kept uid
   * (left out), samples the readers could not return, and the new shards.
   */
  public record Resharded(long written, long notFound, long duplicates, SkipCounts skipped, List<Path> shards) {}

  /**
   * Streams {@code shards} and writes the pairs whose uid is in {@code keep} (each uid once, in
   * shard order) into new shards of {@code shardSize} in {@code outDir} ({@link RollingShardWriter}).
   * The curate unit's selection as a command: a subset's {@code uids.npy} back to shards.
   */
  public static Resharded reshard(List<Path> shards, UidSet keep, Path outDir, PoolFormat format, int shardSize,
      Configuration conf) throws IOException {
    UidSet written = new UidSet();
    long duplicates = 0;
    SkipCounts skipped = new SkipCounts();
    try (RollingShardWriter out = new RollingShardWriter(outDir, format, shardSize, conf)) {
      for (Path shard : shards) {
        try (PoolReader reader = PoolFormat.open(shard, conf)) {
          while (reader.hasNext()) {
            PoolSample s = reader.next();
            if (keep.contains(s.uid())) {
              if (written.add(s.uid())) {
                out.write(s);
              } else {
                duplicates++;
              }
            }
          }
          skipped.addAll(reader.skipped());
        }
      }
      out.close();
      return new Resharded(out.samples(), keep.size() - written.size(), duplicates, skipped, out.shards());
    }
  }

  /** What a conversion read and wrote. */
  public record Converted(long samples, SkipCounts skipped) {}

  /** Streams {@code in} (any format) into a new shard {@code out} in {@code format}. */
  public static Converted convert(Path in, Path out, PoolFormat format, Configuration conf) throws IOException {
    try (PoolReader reader = PoolFormat.open(in, conf); PoolWriter writer = format.create(out, conf)) {
      while (reader.hasNext()) {
        writer.write(reader.next());
      }
      return new Converted(writer.samples(), reader.skipped());
    }
  }
}
