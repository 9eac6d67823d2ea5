package dev.flotilla.ensembles.corpus;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Documents of a Parquet file: one per row, the string of one top-level column (one row group in
 * memory at a time, only that column read). A null in the column counts in {@link BadRows}; a
 * file without the column, or whose column is not a binary (string) one, is an error naming the
 * file and the column, since no row of it could be a document.
 */
final class ParquetDocuments implements DocumentStream {

  private final Path file;
  private final String column;
  private final BadRows bad;
  private final ParquetReader<Group> in;
  private long row;

  ParquetDocuments(Path file, String column, BadRows bad, Configuration conf) throws IOException {
    this.file = file;
    this.column = column;
    this.bad = bad;
    MessageType schema;
    try (ParquetFileReader meta = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
      schema = meta.getFooter().getFileMetaData().getSchema();
    } catch (RuntimeException e) {
      throw new IOException(file + ": not a Parquet file (" + e.getMessage() + ")", e);
    }
    if (!schema.containsField(column)) {
      throw new IOException(file + ": no column '" + column + "' (columns: " + schema.getFields().stream()
          .map(Type::getName).toList() + ")");
    }
    Type type = schema.getType(column);
    if (!type.isPrimitive() || type.asPrimitiveType().getPrimitiveTypeName() != PrimitiveType.PrimitiveTypeName.BINARY
        || type.isRepetition(Type.Repetition.REPEATED)) {
      throw new IOException(file + ": column '" + column + "' is " + type.toString().trim() + ", not a string");
    }
    Configuration projected = new Configuration(conf);
    projected.set(org.apache.parquet.hadoop.api.ReadSupport.PARQUET_READ_SCHEMA,
        Types.buildMessage().addField(type).named(schema.getName()).toString());
    this.in = ParquetReader.builder(new GroupReadSupport(), file).withConf(projected).build();
  }

  @Override
  public byte[] next() throws IOException {
    while (true) {
      Group g;
      try {
        g = in.read();
      } catch (RuntimeException e) {
        throw new IOException(file + ": unreadable after row " + row + " (" + e.getMessage() + ")", e);
      }
      if (g == null) {
        return null;
      }
      row++;
      if (g.getFieldRepetitionCount(column) == 0) {
        bad.add(BadRows.NON_STRING, file + ":row " + row + ": " + column + " is null");
        continue;
      }
      return g.getBinary(column, 0).getBytes();
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
