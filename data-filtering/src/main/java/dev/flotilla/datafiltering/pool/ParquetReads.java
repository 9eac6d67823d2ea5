package dev.flotilla.datafiltering.pool;

import dev.flotilla.executors.memory.DirectBuffers;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * How the DFN's units open Parquet files to stream them: rows as records (pool shards: {@link
 * Rows}) or a few flat columns value by value (score tables: {@link Columns}), one row group at a
 * time, its column chunks in direct buffers of at most {@link #BUFFER_BYTES}, freed when the
 * reader moves on.
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
    return open(file, conf, Rows::new);
  }

  /**
   * A column reader of {@code file}: the values of the named top-level required columns, row by
   * row, read column by column (no records assembled), through the same small direct buffers as
   * {@link #rows}. Only the named columns' chunks are read from the file.
   */
  public static Columns columns(Path file, Configuration conf, String... names) throws IOException {
    return open(file, conf, (reader, buffers) -> new Columns(file, reader, buffers, names));
  }

  /** Builds a reader over an open file and its buffers. */
  private interface Over<R> {
    R over(ParquetFileReader file, RowGroupBuffers buffers);
  }

  /** Opens {@code file} with the small direct buffers and hands it to {@code reader} (closed if that fails). */
  private static <R> R open(Path file, Configuration conf, Over<R> reader) throws IOException {
    Configuration c = smallBuffers(conf);
    RowGroupBuffers buffers = new RowGroupBuffers();
    ParquetReadOptions options = HadoopReadOptions.builder(c, file).withAllocator(buffers).build();
    ParquetFileReader opened = ParquetFileReader.open(HadoopInputFile.fromPath(file, c), options);
    try {
      return reader.over(opened, buffers);
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
  }

  /** A file read one row group at a time, each row group's buffers freed when the next is read. */
  private abstract static class RowGroupReader implements Closeable {
    final ParquetFileReader file;
    private final RowGroupBuffers buffers;

    RowGroupReader(ParquetFileReader file, RowGroupBuffers buffers) {
      this.file = file;
      this.buffers = buffers;
    }

    /** The rows the file's footer records. */
    public long rowCount() {
      return file.getRecordCount();
    }

    /** The next row group, or null after the last; the previous one must have been read whole. */
    PageReadStore nextRowGroup() throws IOException {
      buffers.freeAll();
      return file.readNextRowGroup();
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
   * The rows of one Parquet file in order, one row group in memory at a time. The row group's
   * column chunks (compressed; its whole size) live in direct buffers, freed when the next row
   * group is read and on {@link #close}: on the heap they lived as long as the row group was
   * read, so every young collection copied them again (in 40 keep units, 451 MB of copies against
   * 120 off the heap) and G1 grew the heap to keep up. Only the page being read is decompressed
   * onto the heap.
   */
  public static final class Rows extends RowGroupReader {
    private final MessageColumnIO io;
    private final GroupRecordConverter converter;
    private RecordReader<Group> rows;
    private long left;

    private Rows(ParquetFileReader file, RowGroupBuffers buffers) {
      super(file, buffers);
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
        PageReadStore group = nextRowGroup(); // the previous row group's rows have all been read
        if (group == null) {
          return null;
        }
        left = group.getRowCount();
        rows = io.getRecordReader(group, converter);
      }
      left--;
      return rows.read();
    }
  }

  /**
   * Some flat columns of one Parquet file, row by row, one row group in memory at a time (its
   * buffers freed as in {@link Rows}). A row costs no objects but the values asked for: a curation
   * pass over the score tables reads 10^7 rows, and record assembly (a group, its lists and a
   * string per row) kept the young generation so busy that G1 grew the heap while it ran.
   */
  public static final class Columns extends RowGroupReader {
    private final MessageType projection;
    private final ColumnDescriptor[] descriptors;
    private final GroupRecordConverter converter;
    private final String createdBy;
    private final ColumnReader[] readers;
    private long left;
    private boolean onRow;

    private Columns(Path path, ParquetFileReader file, RowGroupBuffers buffers, String... names) {
      super(file, buffers);
      MessageType schema = file.getFooter().getFileMetaData().getSchema();
      List<Type> fields = new ArrayList<>();
      for (String name : names) {
        if (!schema.containsField(name)) {
          throw new IllegalArgumentException(path + ": no column '" + name + "' in " + schema);
        }
        Type t = schema.getType(name);
        if (!t.isPrimitive() || !t.isRepetition(Type.Repetition.REQUIRED)) {
          throw new IllegalArgumentException(path + ": column '" + name + "' is not a required value: " + t);
        }
        fields.add(t);
      }
      this.projection = new MessageType(schema.getName(), fields);
      this.descriptors = new ColumnDescriptor[names.length];
      for (int i = 0; i < names.length; i++) {
        descriptors[i] = projection.getColumnDescription(new String[] {names[i]});
      }
      file.setRequestedSchema(projection);
      this.converter = new GroupRecordConverter(projection);
      this.createdBy = file.getFooter().getFileMetaData().getCreatedBy();
      this.readers = new ColumnReader[names.length];
    }

    /** Moves to the next row; false (and no row) after the last. */
    public boolean next() throws IOException {
      if (onRow) {
        for (ColumnReader r : readers) {
          r.consume();
        }
        left--;
        onRow = false;
      }
      while (left == 0) {
        PageReadStore group = nextRowGroup(); // every value of the previous row group has been read
        if (group == null) {
          return false;
        }
        left = group.getRowCount();
        ColumnReadStoreImpl store = new ColumnReadStoreImpl(group, converter.getRootConverter(), projection,
            createdBy);
        for (int i = 0; i < readers.length; i++) {
          readers[i] = store.getColumnReader(descriptors[i]);
        }
      }
      onRow = true;
      return true;
    }

    /** The current row's value of the {@code column}-th named column, a float. */
    public float getFloat(int column) {
      return readers[column].getFloat();
    }

    /**
     * The current row's value of the {@code column}-th named column, bytes; it may point into the
     * row group's buffers: copy what you keep before the next call.
     */
    public Binary getBinary(int column) {
      return readers[column].getBinary();
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
        DirectBuffers.free(b);
      }
    }

    @Override
    public boolean isDirect() {
      return true;
    }

    void freeAll() {
      live.forEach(DirectBuffers::free);
      live.clear();
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
