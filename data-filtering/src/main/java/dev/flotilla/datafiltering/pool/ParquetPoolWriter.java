package dev.flotilla.datafiltering.pool;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes a pool shard as Parquet with the columns of {@link #SCHEMA}: uid, image bytes, text,
 * width, height (from the image header), plus the WebDataset key and JSON metadata so that
 * tar → Parquet → tar gives the same tar. Row groups are small ({@link #ROW_GROUP_BYTES}), so
 * neither the writer nor a reader holds more than a few megabytes of a shard.
 */
public final class ParquetPoolWriter implements PoolWriter {

  /** Every column optional: pools from elsewhere may lack any of them (counted on reading). */
  public static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
      message pool {
        optional binary uid (STRING);
        optional binary image;
        optional binary text (STRING);
        optional int32 width;
        optional int32 height;
        optional binary key (STRING);
        optional binary json (STRING);
      }""");
  /** Row group size: the unit of buffering when writing and of reading. */
  public static final int ROW_GROUP_BYTES = 4 << 20;

  private final ParquetWriter<Group> out;
  private final SimpleGroupFactory rows = new SimpleGroupFactory(SCHEMA);
  private long samples;

  public ParquetPoolWriter(Path file, Configuration conf) throws IOException {
    // Snappy leaves PNG/JPEG bytes as they are but shrinks the text and JSON columns.
    this.out = ExampleParquetWriter.builder(file).withConf(conf).withType(SCHEMA)
        .withCompressionCodec(CompressionCodecName.SNAPPY).withRowGroupSize(ROW_GROUP_BYTES)
        .withPageSize(256 << 10).withDictionaryEncoding(false).build();
  }

  @Override
  public void write(PoolSample s) throws IOException {
    Group g = rows.newGroup().append("uid", s.uid()).append("image", Binary.fromConstantByteArray(s.image()));
    if (s.text() != null) {
      g.append("text", s.text());
    }
    ImageHeader.read(s.image()).ifPresent(h -> g.append("width", h.width()).append("height", h.height()));
    g.append("key", s.key());
    if (s.json() != null) {
      g.append("json", s.json());
    }
    out.write(g);
    samples++;
  }

  @Override
  public long samples() {
    return samples;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
