package dev.flotilla.datafiltering.pool;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The shard formats of a pool: WebDataset tars ({@code .tar}) and Parquet ({@code .parquet},
 * columns uid, key, image, text, width, height, json). A shard's format is its file extension.
 */
public enum PoolFormat {
  WEBDATASET("webdataset", "tar"),
  PARQUET("parquet", "parquet");

  private final String configName;
  private final String extension;

  PoolFormat(String configName, String extension) {
    this.configName = configName;
    this.extension = extension;
  }

  /** The name used in configs and on the command line ({@code webdataset}, {@code parquet}). */
  public String configName() {
    return configName;
  }

  /** The file extension of a shard, without the dot. */
  public String extension() {
    return extension;
  }

  /** A format by its config name; the message names the accepted ones. */
  public static PoolFormat parse(String name) {
    for (PoolFormat f : values()) {
      if (f.configName.equals(name.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown pool format '" + name + "'; known: "
        + Arrays.stream(values()).map(PoolFormat::configName).toList());
  }

  /** The format of a shard file, from its extension; empty-handed callers get an exception. */
  public static PoolFormat ofFile(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    for (PoolFormat f : values()) {
      if (lower.endsWith("." + f.extension)) {
        return f;
      }
    }
    throw new IllegalArgumentException("not a pool shard (.tar or .parquet): " + fileName);
  }

  /** True for the file names {@link #ofFile} accepts. */
  public static boolean isShard(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).anyMatch(f -> lower.endsWith("." + f.extension));
  }

  /** Opens {@code file} (format from its extension) for streaming; non-UTF-8 captions are replaced. */
  public static PoolReader open(Path file, Configuration conf) throws IOException {
    return open(file, conf, CaptionDecoding.REPLACE);
  }

  /** Opens {@code file} for streaming, handling non-UTF-8 captions as {@code captions} says. */
  public static PoolReader open(Path file, Configuration conf, CaptionDecoding captions) throws IOException {
    return switch (ofFile(file.getName())) {
      case WEBDATASET -> {
        InputStream in = file.getFileSystem(conf).open(file);
        yield new WebDatasetReader(in, captions);
      }
      case PARQUET -> new ParquetPoolReader(file, conf, captions);
    };
  }

  /** Creates a new shard in this format at {@code file} (fails if it exists). */
  public PoolWriter create(Path file, Configuration conf) throws IOException {
    return switch (this) {
      case WEBDATASET -> {
        FileSystem fs = file.getFileSystem(conf);
        yield new WebDatasetWriter(fs.create(file, false));
      }
      case PARQUET -> new ParquetPoolWriter(file, conf);
    };
  }
}
