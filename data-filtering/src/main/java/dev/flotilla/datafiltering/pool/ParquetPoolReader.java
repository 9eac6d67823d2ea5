package dev.flotilla.datafiltering.pool;

import java.io.IOException;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;

/**
 * Streams a Parquet pool shard row by row (one row group in memory at a time). Needs the columns
 * uid, image and text; width, height, key and json are optional. Rows without a valid uid, an
 * image or a caption, or whose image is neither PNG nor JPEG, are counted per reason, as the tar
 * reader does (and captions that are not UTF-8, kept or dropped as {@link CaptionDecoding}
 * says); a file that is not Parquet or is cut short counts {@code corrupt_parquet} once
 * and ends the shard (rows read before stand).
 */
public final class ParquetPoolReader implements PoolReader {

  private final Path file;
  private final SkipCounts skipped = new SkipCounts();
  private final CaptionDecoding captions;
  private ParquetReads.Rows in;
  private boolean done;
  private PoolSample next;
  private long row;

  public ParquetPoolReader(Path file, Configuration conf) throws IOException {
    this(file, conf, CaptionDecoding.REPLACE);
  }

  public ParquetPoolReader(Path file, Configuration conf, CaptionDecoding captions) throws IOException {
    this.file = file;
    this.captions = captions;
    try {
      this.in = ParquetReads.rows(file, conf);
    } catch (IOException | RuntimeException e) {
      if (!corrupt(e)) {
        throw e;
      }
      skipped.add(SkipCounts.CORRUPT_PARQUET);
      done = true;
    }
  }

  /** Damage to the file itself, as opposed to a file system that cannot be reached. */
  private static boolean corrupt(Exception e) {
    // Parquet reports a bad magic number, a short file or undecodable pages as unchecked
    // exceptions (RuntimeException, ParquetDecodingException); a cut-off read as EOFException.
    return e instanceof RuntimeException || e instanceof java.io.EOFException;
  }

  @Override
  public SkipCounts skipped() {
    return skipped;
  }

  @Override
  public long recordedSamples() {
    return in == null ? -1 : in.rowCount();
  }

  @Override
  public boolean hasNext() throws IOException {
    while (next == null && !done) {
      Group g;
      try {
        g = in.read();
      } catch (IOException | RuntimeException e) {
        if (!corrupt(e)) {
          throw e;
        }
        skipped.add(SkipCounts.CORRUPT_PARQUET);
        g = null;
      }
      if (g == null) {
        done = true;
      } else {
        next = sample(g);
        row++;
      }
    }
    return next != null;
  }

  private PoolSample sample(Group g) {
    String uid = string(g, "uid");
    if (!Uids.isValid(uid)) {
      skipped.add(SkipCounts.MISSING_UID);
      return null;
    }
    byte[] image = has(g, "image") ? g.getBinary("image", 0).getBytes() : null;
    if (image == null || image.length == 0) {
      skipped.add(SkipCounts.MISSING_IMAGE);
      return null;
    }
    byte[] textBytes = has(g, "text") ? g.getBinary("text", 0).getBytes() : null;
    if (textBytes == null || new String(textBytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      skipped.add(SkipCounts.MISSING_TEXT);
      return null;
    }
    var header = ImageHeader.read(image);
    if (header.isEmpty()) {
      skipped.add(SkipCounts.CORRUPT_IMAGE);
      return null;
    }
    String key = string(g, "key");
    if (key == null) {
      key = uid;
    }
    try {
      WebDatasetReader.checkKey(key);
    } catch (IllegalArgumentException e) {
      skipped.add(SkipCounts.UNSAFE_PATH);
      return null;
    }
    // Decoded last, so a row already left out for another reason is not also counted here.
    String text = captions.decode(textBytes, skipped);
    if (text == null) {
      return null; // counted as invalid_utf8 under the skip policy
    }
    String json = string(g, "json");
    if (json == null) {
      json = "{\"uid\":\"" + uid + "\",\"width\":" + header.get().width() + ",\"height\":"
          + header.get().height() + "}";
    }
    return new PoolSample(key, uid, image, header.get().extension(), text, json);
  }

  private static boolean has(Group g, String field) {
    GroupType t = g.getType();
    return t.containsField(field) && g.getFieldRepetitionCount(field) > 0;
  }

  private static String string(Group g, String field) {
    return has(g, field) ? g.getString(field, 0) : null;
  }

  @Override
  public PoolSample next() throws IOException {
    if (!hasNext()) {
      throw new NoSuchElementException("no more rows in " + file + " after row " + row);
    }
    PoolSample s = next;
    next = null;
    return s;
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      in.close();
    }
  }
}
