package dev.flotilla.ensembles.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.executors.json.Json;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * Documents of a JSON Lines file: one JSON object per line, the document being the string of one
 * field. Compressed files are read through Hadoop's codec of their suffix ({@code .gz}, {@code .bz2},
 * ...). Lines that are not JSON, objects without the field, and fields that are null or not
 * strings are counted in {@link BadRows}; an empty line, and a line that is not UTF-8 (Jackson
 * checks the bytes), count as invalid JSON.
 */
final class JsonlDocuments implements DocumentStream {

  /** A line is one JSON value: anything after it makes the line invalid. */
  private static final com.fasterxml.jackson.databind.ObjectReader ROW = Json.PLAIN.readerFor(JsonNode.class)
      .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Path file;
  private final String field;
  private final BadRows bad;
  private final InputStream in;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 12);
  private long line;

  JsonlDocuments(FileSystem fs, Path file, String field, BadRows bad, Configuration conf) throws IOException {
    this.file = file;
    this.field = field;
    this.bad = bad;
    InputStream raw = fs.open(file);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(file);
    InputStream data = codec == null ? raw : codec.createInputStream(raw);
    this.in = new BufferedInputStream(data, 1 << 16);
  }

  @Override
  public byte[] next() throws IOException {
    while (true) {
      byte[] text = readLine();
      if (text == null) {
        return null;
      }
      line++;
      String where = file + ":" + line;
      JsonNode row;
      try {
        row = ROW.readValue(text);
      } catch (JsonProcessingException e) {
        bad.add(BadRows.INVALID_JSON, where);
        continue;
      }
      if (row == null || row.isMissingNode()) {
        bad.add(BadRows.INVALID_JSON, where);
        continue;
      }
      JsonNode value = row.isObject() ? row.get(field) : null;
      if (value == null) {
        bad.add(BadRows.MISSING_FIELD, where + ": " + field);
        continue;
      }
      if (!value.isTextual()) {
        bad.add(BadRows.NON_STRING, where + ": " + field + " is " + value.getNodeType().name().toLowerCase());
        continue;
      }
      return value.textValue().getBytes(StandardCharsets.UTF_8);
    }
  }

  /** The next line's bytes without its {@code \n} or {@code \r\n}; null at the end. */
  private byte[] readLine() throws IOException {
    buffer.reset();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      buffer.write(b);
    }
    if (b < 0 && buffer.size() == 0) {
      return null;
    }
    byte[] bytes = buffer.toByteArray();
    int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    return n == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, n);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
