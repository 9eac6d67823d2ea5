package dev.flotilla.datafiltering.curation;

import dev.flotilla.datafiltering.pool.ParquetReads;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The DFN's Parquet tables, readable by Spark and pandas: per-shard scores (uid, score) and the
 * curated pairs (uid, score, text, source shard). Written and read row by row (streaming).
 */
public final class ScoreTables {

  public static final MessageType SCORES = MessageTypeParser.parseMessageType(
      "message scores { required binary uid (STRING); required float score; }");
  public static final MessageType CURATED = MessageTypeParser.parseMessageType(
      "message curated { required binary uid (STRING); required float score; "
          + "required binary text (STRING); required binary shard (STRING); }");

  private ScoreTables() {}

  /** A row writer for {@code schema} at {@code file} (snappy; fails if the file exists). */
  public static final class Writer implements AutoCloseable {
    /** The most a writer holds in memory: one row group. */
    static final int ROW_GROUP_BYTES = 1 << 20;

    private final ParquetWriter<Group> out;
    private final SimpleGroupFactory rows;

    public Writer(Path file, Configuration conf, MessageType schema) throws IOException {
      // Row groups of 1 MiB, not parquet's 128 MiB: the writer buffers one row group in memory
      // for as long as it fills, long enough to be promoted out of the young generation; a unit's
      // table (~1.8 MB for 50,000 scores) is a few row groups. Pages of 256 KiB, not 1 MiB: each
      // buffered page is one array, and arrays of half a G1 region or more are allocated outside
      // the young generation (see ParquetReads). No dictionaries but the shard's name: uids are
      // unique and scores continuous, so a dictionary only fills up (its entries promoted too)
      // before parquet falls back to plain values.
      this.out = ExampleParquetWriter.builder(file).withConf(conf).withType(schema)
          .withCompressionCodec(CompressionCodecName.SNAPPY).withRowGroupSize(ROW_GROUP_BYTES)
          .withPageSize(ParquetReads.BUFFER_BYTES).withDictionaryEncoding(false)
          .withDictionaryEncoding("shard", true).withDictionaryPageSize(ParquetReads.BUFFER_BYTES).build();
      this.rows = new SimpleGroupFactory(schema);
    }

    public void score(String uid, float score) throws IOException {
      out.write(rows.newGroup().append("uid", uid).append("score", score));
    }

    public void curated(String uid, float score, String text, String shard) throws IOException {
      out.write(rows.newGroup().append("uid", uid).append("score", score).append("text", text)
          .append("shard", shard));
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  /**
   * One table of {@code schema} from {@code parts} in their order, row groups copied as they are
   * (nothing decoded): how the curation joins the keep units' tables. A part of another schema is
   * an error naming it.
   */
  public static void concat(List<Path> parts, Path file, Configuration conf, MessageType schema) throws IOException {
    // Parquet 1.13's writer has no close or abort: the stream it opens is kept here to close on failure.
    OutputFile target = HadoopOutputFile.fromPath(file, conf);
    PositionOutputStream[] opened = new PositionOutputStream[1];
    OutputFile tracked = new OutputFile() {
      @Override public PositionOutputStream create(long blockSize) throws IOException {
        return opened[0] = target.create(blockSize);
      }
      @Override public PositionOutputStream createOrOverwrite(long blockSize) throws IOException {
        return opened[0] = target.createOrOverwrite(blockSize);
      }
      @Override public boolean supportsBlockSize() { return target.supportsBlockSize(); }
      @Override public long defaultBlockSize() { return target.defaultBlockSize(); }
    };
    ParquetFileWriter out = new ParquetFileWriter(tracked, schema, ParquetFileWriter.Mode.CREATE, 8 << 20, 0);
    boolean done = false;
    try {
      out.start();
      for (Path part : parts) {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(part, conf))) {
          MessageType has = r.getFooter().getFileMetaData().getSchema();
          if (!has.equals(schema)) {
            throw new IOException(part + ": schema " + has + " is not the " + schema.getName() + " table's " + schema);
          }
          r.appendTo(out);
        }
      }
      out.end(Map.of());
      done = true;
    } finally {
      if (!done && opened[0] != null) {
        opened[0].close(); // no open file (or HDFS lease) left behind
      }
    }
  }

  /** Receives (uid, score) rows. */
  @FunctionalInterface
  public interface ScoreRow {
    void accept(String uid, float score) throws IOException;
  }

  /** Rows of a scores or curated table, from its footer (nothing else is read). */
  public static long rows(Path file, Configuration conf) throws IOException {
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
      return r.getRecordCount();
    }
  }

  /** Streams the (uid, score) columns of a scores or curated table. */
  public static void forEachScore(Path file, Configuration conf, ScoreRow sink) throws IOException {
    try (Reader in = new Reader(file, conf)) {
      while (in.next()) {
        sink.accept(in.uid(), in.score());
      }
    }
  }

  /** Streams the score column alone of a scores or curated table (the uids are not read). */
  public static void forEachScoreOnly(Path file, Configuration conf, TopFraction.FloatConsumer sink)
      throws IOException {
    try (ParquetReads.Columns in = ParquetReads.columns(file, conf, "score")) {
      while (in.next()) {
        sink.accept(in.getFloat(0));
      }
    }
  }

  /**
   * Pulls the (uid, score) rows of a scores or curated table one at a time, in file order. The
   * uid is decoded only when asked for: a pass that needs it for few rows makes no string for the
   * others.
   */
  public static final class Reader implements AutoCloseable {
    private final ParquetReads.Columns in;
    private Binary uidBytes;
    private String uid;
    private float score = Float.NaN;

    public Reader(Path file, Configuration conf) throws IOException {
      this.in = ParquetReads.columns(file, conf, "uid", "score");
    }

    /** Moves to the next row; false (and no row) at the end. */
    public boolean next() throws IOException {
      uid = null;
      if (!in.next()) {
        uidBytes = null;
        score = Float.NaN;
        return false;
      }
      uidBytes = in.getBinary(0);
      score = in.getFloat(1);
      return true;
    }

    /** The current row's uid (null before the first and after the last row). */
    public String uid() {
      if (uid == null && uidBytes != null) {
        uid = uidBytes.toStringUsingUTF8();
      }
      return uid;
    }

    /**
     * The current row's uid as its UTF-8 bytes, valid until the next call (for hashing without
     * decoding); null before the first and after the last row.
     */
    public Binary uidBytes() {
      return uidBytes;
    }

    public float score() {
      return score;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
