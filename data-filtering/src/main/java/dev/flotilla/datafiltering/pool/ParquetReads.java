package dev.flotilla.datafiltering.pool;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * How the DFN's units open Parquet files to stream their rows (pool shards, score tables).
 *
 * <p>Parquet reads a row group's column chunks into heap buffers of up to
 * {@value #ALLOCATION_KEY} bytes (8 MiB by default): a pool's image chunk or a score table's uid
 * chunk is one buffer of 2-4 MiB. On an executor heap of a few GB, G1's regions are 1-2 MiB and
 * every object of half a region or more is "humongous": allocated outside the young generation,
 * each one able to start a concurrent marking cycle. A curation reading hundreds of shards made
 * thousands of them, and G1 answered by growing the heap the longer the curation ran (1M pairs:
 * 773 MB executor; 10M: 1,245 MB, with 36-103 MB live). Buffers of {@link #BUFFER_BYTES} stay
 * below any region's half; Parquet splits a chunk over several of them (and copies only a page
 * that straddles two). A user's own {@value #ALLOCATION_KEY} or {@value #VECTORED_IO_KEY} in the
 * Hadoop configuration wins.
 */
public final class ParquetReads {

  /** Parquet's Hadoop key for the largest read buffer it allocates. */
  public static final String ALLOCATION_KEY = "parquet.read.allocation.size";
  /**
   * Parquet 1.14+ (the Spark 4 build) reads through Hadoop's vectored IO by default, one buffer
   * per whole column-chunk range, without looking at {@link #ALLOCATION_KEY}: turned off here.
   */
  public static final String VECTORED_IO_KEY = "parquet.hadoop.vectored.io.enabled";
  /** Below half of G1's smallest region (1 MiB). */
  public static final int BUFFER_BYTES = 256 << 10;

  private ParquetReads() {}

  /** A row reader of {@code file} with read buffers of at most {@link #BUFFER_BYTES}. */
  public static ParquetReader<Group> rows(Path file, Configuration conf) throws IOException {
    return ParquetReader.builder(new GroupReadSupport(), file).withConf(smallBuffers(conf)).build();
  }

  /**
   * {@code conf} with {@value #ALLOCATION_KEY} and {@value #VECTORED_IO_KEY} set where the user
   * did not set them ({@code conf} itself when both are set).
   */
  static Configuration smallBuffers(Configuration conf) {
    boolean allocation = conf.get(ALLOCATION_KEY) == null;
    boolean vectored = conf.get(VECTORED_IO_KEY) == null;
    if (!allocation && !vectored) {
      return conf;
    }
    Configuration c = new Configuration(conf); // the caller's conf is shared: never changed here
    if (allocation) {
      c.setInt(ALLOCATION_KEY, BUFFER_BYTES);
    }
    if (vectored) {
      c.setBoolean(VECTORED_IO_KEY, false);
    }
    return c;
  }
}
