package dev.flotilla.datafiltering.pool;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.CleanerUtil;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * How the DFN's units open Parquet files to stream their rows (pool shards, score tables): one row
 * group at a time, its column chunks in direct buffers of at most {@link #BUFFER_BYTES}, freed
 * when the reader moves on ({@link Rows}).
 *
 * <p>Why: Parquet reads a row group's column chunks into buffers of up to
 * {@value #ALLOCATION_KEY} bytes (8 MiB by default), on the heap by default. A pool's image chunk
 * or a score table's uid chunk was one array of 2-4 MiB, "humongous" on G1's 1-2 MiB regions
 * (allocated outside the young generation, each able to start a marking cycle): a curation
 * reading hundreds of shards made thousands of them, and G1 grew the heap the longer it ran
 * (1M pairs: 773 MB executor; 10M: 1,245 MB, with 36-103 MB live). In 256 KiB heap buffers the
 * chunks still lived as long as their row group, so young collections copied them again and
 * again. Parquet 1.14+ (the Spark 4 build) would read through Hadoop's vectored IO, one buffer per
 * whole column-chunk range: turned off. A user's own {@value #ALLOCATION_KEY} or
 * {@value #VECTORED_IO_KEY} in the Hadoop configuration wins.
 */
public final class ParquetReads {

  /** Parquet's Hadoop key for the largest read buffer it allocates. */
  public static final String ALLOCATION_KEY = "parquet.read.allocation.size";
  /** Parquet 1.14+'s switch for Hadoop's vectored IO, which ignores {@link #ALLOCATION_KEY}. */
  public static final String VECTORED_IO_KEY = "parquet.hadoop.vectored.io.enabled";
  /** A chunk is read in pieces of this size (below half of G1's smallest region, should it be heap). */
  public static final int BUFFER_BYTES = 256 << 10;

  private ParquetReads() {}

  /**
   * A row reader of {@code file} with read buffers of at most {@link #BUFFER_BYTES}, off the Java
   * heap (see {@link Rows}).
   */
  public static Rows rows(Path file, Configuration conf) throws IOException {
    Configuration c = smallBuffers(conf);
    RowGroupBuffers buffers = new RowGroupBuffers();
    ParquetReadOptions options = HadoopReadOptions.builder(c, file).withAllocator(buffers).build();
    ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, c), options);
    try {
      return new Rows(reader, buffers);
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /**
   * The rows of one Parquet file in order, one row group in memory at a time. The row group's
   * column chunks (compressed; its whole size) live in direct buffers, freed when the next row
   * group is read and on {@link #close}: on the heap they lived as long as the row group was
   * read, so every young collection copied them again (in 40 keep units, 451 MB of copies against
   * 120 off the heap) and G1 grew the heap to keep up. Only the page being read is decompressed
   * onto the heap.
   */
  public static final class Rows implements Closeable {
    private final ParquetFileReader file;
    private final RowGroupBuffers buffers;
    private final MessageColumnIO io;
    private final GroupRecordConverter converter;
    private RecordReader<Group> rows;
    private long left;

    private Rows(ParquetFileReader file, RowGroupBuffers buffers) {
      this.file = file;
      this.buffers = buffers;
      MessageType schema = file.getFooter().getFileMetaData().getSchema();
      this.io = new ColumnIOFactory().getColumnIO(schema);
      this.converter = new GroupRecordConverter(schema);
    }

    /**
     * The next row, or null after the last. Its values may point into the row group's buffers:
     * copy what you keep before the next call.
     */
    public Group read() throws IOException {
      while (left == 0) {
        buffers.freeAll(); // the previous row group's rows have all been read
        PageReadStore group = file.readNextRowGroup();
        if (group == null) {
          return null;
        }
        left = group.getRowCount();
        rows = io.getRecordReader(group, converter);
      }
      left--;
      return rows.read();
    }

    @Override
    public void close() throws IOException {
      try {
        file.close();
      } finally {
        buffers.freeAll();
      }
    }
  }

  /**
   * Direct buffers for one reader's row groups, freed as soon as the reader moves on (Parquet's
   * own direct allocator never frees: its buffers wait for the collector, promoted with the row
   * group's lifetime into the old generation, while their memory counts outside the heap).
   */
  private static final class RowGroupBuffers implements ByteBufferAllocator {
    private final Set<ByteBuffer> live = Collections.newSetFromMap(new IdentityHashMap<>());

    @Override
    public ByteBuffer allocate(int size) {
      ByteBuffer b = ByteBuffer.allocateDirect(size);
      live.add(b);
      return b;
    }

    @Override
    public void release(ByteBuffer b) {
      if (live.remove(b)) {
        free(b);
      }
    }

    @Override
    public boolean isDirect() {
      return true;
    }

    void freeAll() {
      live.forEach(RowGroupBuffers::free);
      live.clear();
    }

    private static void free(ByteBuffer b) {
      if (CleanerUtil.UNMAP_SUPPORTED) {
        try {
          CleanerUtil.getCleaner().freeBuffer(b);
        } catch (IOException e) {
          // left to the collector, as without a cleaner
        }
      }
    }
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
