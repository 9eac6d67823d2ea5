package dev.flotilla.datafiltering.dfn;

import dev.flotilla.datafiltering.pool.BasicFilter;
import dev.flotilla.datafiltering.pool.SkipCounts;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a scoring unit reports: pairs scored, and pairs left out per reason, either skipped (bad
 * input: duplicate uid, corrupt image, truncated tar...) or pre-filtered by DataComp's basic
 * filter. A count is null when no pair had that reason, so the metrics name only the reasons that
 * occurred ({@code skipped_<reason>}, {@code prefiltered_<reason>}). {@code invalidUtf8} counts the
 * captions that were not UTF-8, whatever the policy: replaced (the pair is scored) or skipped (it
 * is not, and is counted only here). {@code device} is where the network ran ({@code cpu},
 * {@code gpu(N)}; null in records written before it) and {@code deviceFallback} why
 * {@code dfn.score.device = auto} ran on the CPU (null when it did not fall back).
 */
public record ScoreResult(long scored,
    Long skippedCorruptImage, Long skippedCorruptParquet, Long skippedCorruptTar, Long skippedDuplicateUid,
    Long skippedEmptyShard, Long skippedMissingImage, Long skippedMissingText, Long skippedMissingUid, Long skippedTruncatedTar,
    Long skippedUndecodable, Long skippedUnsafePath, Long skippedUnsupportedFormat,
    Long prefilteredBasicAspectRatio, Long prefilteredBasicShortCaption, Long prefilteredBasicSmallImage,
    Long invalidUtf8, String device, String deviceFallback) {

  /** The reasons of the {@code skipped*} components, in their order. */
  static final List<String> SKIP_REASONS = List.of(SkipCounts.CORRUPT_IMAGE, SkipCounts.CORRUPT_PARQUET,
      SkipCounts.CORRUPT_TAR, SkipCounts.DUPLICATE_UID, SkipCounts.EMPTY_SHARD, SkipCounts.MISSING_IMAGE, SkipCounts.MISSING_TEXT,
      SkipCounts.MISSING_UID, SkipCounts.TRUNCATED_TAR, SkipCounts.UNDECODABLE, SkipCounts.UNSAFE_PATH,
      SkipCounts.UNSUPPORTED_FORMAT);
  /** The reasons of the {@code prefiltered*} components, in their order. */
  static final List<String> FILTER_REASONS = List.of(BasicFilter.ASPECT_RATIO, BasicFilter.SHORT_CAPTION,
      BasicFilter.SMALL_IMAGE);

  static ScoreResult of(long scored, SkipCounts skipped, SkipCounts prefiltered) {
    Long[] s = counts(skipped.without(SkipCounts.INVALID_UTF8), SKIP_REASONS);
    Long[] p = counts(prefiltered, FILTER_REASONS);
    long invalid = skipped.get(SkipCounts.INVALID_UTF8);
    return new ScoreResult(scored, s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11],
        p[0], p[1], p[2],
        invalid == 0 ? null : invalid, null, null);
  }

  /** The same counts, with where the network ran and why it fell back to the CPU (or null). */
  ScoreResult placed(String where, String fallback) {
    return new ScoreResult(scored, skippedCorruptImage, skippedCorruptParquet, skippedCorruptTar, skippedDuplicateUid,
        skippedEmptyShard, skippedMissingImage, skippedMissingText, skippedMissingUid, skippedTruncatedTar,
        skippedUndecodable, skippedUnsafePath, skippedUnsupportedFormat, prefilteredBasicAspectRatio,
        prefilteredBasicShortCaption, prefilteredBasicSmallImage, invalidUtf8, where, fallback);
  }

  /** Captions that were not UTF-8 (replaced or skipped, as the unit's policy said); 0 if none. */
  public long invalidUtf8Captions() {
    return invalidUtf8 == null ? 0 : invalidUtf8;
  }

  /** Skipped pairs by reason, only the reasons that occurred. */
  public Map<String, Long> skipped() {
    return byReason(SKIP_REASONS, skippedCorruptImage, skippedCorruptParquet, skippedCorruptTar,
        skippedDuplicateUid, skippedEmptyShard, skippedMissingImage, skippedMissingText, skippedMissingUid, skippedTruncatedTar,
        skippedUndecodable, skippedUnsafePath, skippedUnsupportedFormat);
  }

  /** Pre-filtered pairs by reason, only the reasons that occurred. */
  public Map<String, Long> prefiltered() {
    return byReason(FILTER_REASONS, prefilteredBasicAspectRatio, prefilteredBasicShortCaption,
        prefilteredBasicSmallImage);
  }

  private static Long[] counts(SkipCounts counts, List<String> reasons) {
    for (String reason : counts.asMap().keySet()) {
      if (!reasons.contains(reason)) {
        // A new reason needs its own component, or its count would be lost from the record.
        throw new IllegalStateException("no ScoreResult component for the reason '" + reason + "'");
      }
    }
    return reasons.stream().map(r -> counts.get(r) == 0 ? null : counts.get(r)).toArray(Long[]::new);
  }

  private static Map<String, Long> byReason(List<String> reasons, Long... counts) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < reasons.size(); i++) {
      if (counts[i] != null) {
        out.put(reasons.get(i), counts[i]);
      }
    }
    return Collections.unmodifiableMap(out);
  }
}
