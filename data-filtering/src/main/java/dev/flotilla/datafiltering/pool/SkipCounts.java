package dev.flotilla.datafiltering.pool;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Samples left out, counted per reason (corrupt image, truncated tar, missing text, duplicate
 * uid, unsafe path...): nothing is dropped silently; the counts go to the manifest and report.
 */
public final class SkipCounts {

  public static final String TRUNCATED_TAR = "truncated_tar";
  public static final String CORRUPT_TAR = "corrupt_tar";
  public static final String CORRUPT_PARQUET = "corrupt_parquet";
  public static final String MISSING_TEXT = "missing_text";
  public static final String MISSING_IMAGE = "missing_image";
  public static final String MISSING_UID = "missing_uid";
  public static final String UNSAFE_PATH = "unsafe_path";
  public static final String DUPLICATE_UID = "duplicate_uid";
  public static final String CORRUPT_IMAGE = "corrupt_image";
  /** A shard with no samples at all (a 0-byte or empty tar, an empty table): one per shard. */
  public static final String EMPTY_SHARD = "empty_shard";
  /** An image in a format the CLIP preprocessing cannot use (not PNG/JPEG, CMYK JPEG, ...). */
  public static final String UNSUPPORTED_FORMAT = "unsupported_format";
  /** A PNG or JPEG that does not decode (cut short, damaged). */
  public static final String UNDECODABLE = "undecodable";
  /**
   * A caption that is not valid UTF-8. Counted whatever {@link CaptionDecoding} says; only under
   * {@code skip} is the pair also left out.
   */
  public static final String INVALID_UTF8 = "invalid_utf8";

  private final Map<String, Long> counts = new TreeMap<>();

  public void add(String reason) {
    counts.merge(reason, 1L, Long::sum);
  }

  public void addAll(SkipCounts other) {
    other.counts.forEach((k, v) -> counts.merge(k, v, Long::sum));
  }

  /** A copy without {@code reason}'s count. */
  public SkipCounts without(String reason) {
    SkipCounts out = new SkipCounts();
    out.addAll(this);
    out.counts.remove(reason);
    return out;
  }

  public long get(String reason) {
    return counts.getOrDefault(reason, 0L);
  }

  public long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  public Map<String, Long> asMap() {
    return Collections.unmodifiableMap(counts);
  }

  @Override
  public String toString() {
    return counts.toString();
  }
}
