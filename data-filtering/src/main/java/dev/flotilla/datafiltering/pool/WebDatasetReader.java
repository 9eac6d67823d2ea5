package dev.flotilla.datafiltering.pool;

import dev.flotilla.executors.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Streams the samples of a WebDataset shard: consecutive entries sharing a key (the name up to
 * its first dot) form a sample. Holds one sample at a time. Bad input never stops silently:
 * samples without text, image or uid, entries whose names would escape a directory, and a
 * truncated tar (counted once; reading stops there) are counted in {@link #skipped()}, and so
 * are captions that are not UTF-8 (kept or dropped as {@link CaptionDecoding} says).
 */
public final class WebDatasetReader implements PoolReader {

  private static final ObjectMapper JSON = Json.PLAIN;

  private final TarArchiveInputStream tar;
  private final CaptionDecoding captions;
  private final SkipCounts skipped = new SkipCounts();
  private TarArchiveEntry pending;
  private byte[] pendingData;
  private boolean done;
  private PoolSample next;

  public WebDatasetReader(InputStream in) {
    this(in, CaptionDecoding.REPLACE);
  }

  public WebDatasetReader(InputStream in, CaptionDecoding captions) {
    this.tar = new TarArchiveInputStream(in);
    this.captions = captions;
  }

  /** Rejects keys that could escape an output directory when the shard is extracted. */
  static void checkKey(String key) {
    if (key.isEmpty() || key.startsWith("/") || key.contains("..") || key.contains("\\")
        || key.chars().anyMatch(c -> c < 32)) {
      throw new IllegalArgumentException("unsafe sample key '" + key + "'");
    }
  }

  @Override
  public SkipCounts skipped() {
    return skipped;
  }

  @Override
  public boolean hasNext() throws IOException {
    while (next == null && !done) {
      next = readSample().orElse(null);
    }
    return next != null;
  }

  @Override
  public PoolSample next() throws IOException {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    PoolSample s = next;
    next = null;
    return s;
  }

  /** One sample, or empty if the group read was skipped (counted) or the shard ended. */
  private Optional<PoolSample> readSample() throws IOException {
    if (pending == null && !advance()) {
      done = true;
      return Optional.empty();
    }
    String key = keyOf(pending.getName());
    byte[] image = null;
    String ext = null;
    byte[] text = null;
    String json = null;
    boolean unsafe = false;
    while (pending != null && keyOf(pending.getName()).equals(key)) {
      String name = pending.getName();
      String suffix = name.substring(name.indexOf('.', name.lastIndexOf('/') + 1) + 1);
      switch (suffix) {
        case "png", "jpg", "jpeg" -> {
          image = pendingData;
          ext = suffix.equals("png") ? "png" : "jpg";
        }
        case "txt" -> text = pendingData;
        case "json" -> json = new String(pendingData, StandardCharsets.UTF_8);
        default -> { } // other fields of a WebDataset sample are carried by json or ignored
      }
      try {
        checkKey(key);
      } catch (IllegalArgumentException e) {
        unsafe = true;
      }
      if (!advance()) {
        pending = null;
        done = true;
      }
    }
    if (unsafe) {
      skipped.add(SkipCounts.UNSAFE_PATH);
      return Optional.empty();
    }
    if (image == null) {
      skipped.add(SkipCounts.MISSING_IMAGE);
      return Optional.empty();
    }
    if (text == null || new String(text, StandardCharsets.UTF_8).isBlank()) {
      skipped.add(SkipCounts.MISSING_TEXT);
      return Optional.empty();
    }
    String uid = null;
    if (json != null) {
      try {
        JsonNode n = JSON.readTree(json);
        uid = n.path("uid").asText(null);
      } catch (IOException e) {
        uid = null;
      }
    }
    if (!Uids.isValid(uid)) {
      skipped.add(SkipCounts.MISSING_UID);
      return Optional.empty();
    }
    // Decoded last, so a pair already left out for another reason is not also counted here.
    String caption = captions.decode(text, skipped);
    if (caption == null) {
      return Optional.empty(); // counted as invalid_utf8 under the skip policy
    }
    return Optional.of(new PoolSample(key, uid, image, ext, caption, json));
  }

  /** Reads the next regular entry into {@code pending}; false at the end or on truncation. */
  private boolean advance() throws IOException {
    try {
      TarArchiveEntry e;
      while ((e = tar.getNextTarEntry()) != null) {
        if (!e.isFile()) {
          continue;
        }
        byte[] data = tar.readNBytes((int) Math.min(e.getSize(), Integer.MAX_VALUE));
        if (data.length < e.getSize()) {
          throw new java.io.EOFException("entry " + e.getName() + " is cut short");
        }
        pending = e;
        pendingData = data;
        return true;
      }
      pending = null;
      return false;
    } catch (java.io.EOFException | IllegalArgumentException e) {
      // A truncated or garbled tar: what was read so far stands, the rest is counted as lost.
      skipped.add(SkipCounts.TRUNCATED_TAR);
      pending = null;
      done = true;
      return false;
    } catch (IOException e) {
      String msg = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (msg.contains("truncated") || msg.contains("corrupt")) {
        skipped.add(msg.contains("truncated") ? SkipCounts.TRUNCATED_TAR : SkipCounts.CORRUPT_TAR);
        pending = null;
        done = true;
        return false;
      }
      throw e;
    }
  }

  private static String keyOf(String name) {
    int slash = name.lastIndexOf('/');
    int dot = name.indexOf('.', slash + 1);
    return dot < 0 ? name : name.substring(0, dot);
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }
}
