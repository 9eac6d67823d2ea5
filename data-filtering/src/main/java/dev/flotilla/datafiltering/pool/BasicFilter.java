package dev.flotilla.datafiltering.pool;

import java.util.Optional;

/**
 * DataComp's "basic filtering" baseline as a pre-filter: captions need more than
 * {@code minWords} words and {@code minChars} characters; images need a shorter side of at least
 * {@code minSide} pixels and an aspect ratio below {@code maxAspect}. (DataComp also keeps only
 * English captions; Fashion-MNIST pools are English, so that test is left out.)
 */
public record BasicFilter(int minWords, int minChars, int minSide, double maxAspect) {

  public static final String SHORT_CAPTION = "basic_short_caption";
  public static final String SMALL_IMAGE = "basic_small_image";
  public static final String ASPECT_RATIO = "basic_aspect_ratio";

  public BasicFilter {
    if (minWords < 0 || minChars < 0 || minSide < 0 || !(maxAspect >= 1)) {
      throw new IllegalArgumentException("basic filter limits must be >= 0 and max-aspect >= 1, got "
          + minWords + ", " + minChars + ", " + minSide + ", " + maxAspect);
    }
  }

  /** The reason {@code text} with an image of {@code width x height} is filtered out, if it is. */
  public Optional<String> reject(String text, int width, int height) {
    String t = text == null ? "" : text.strip();
    long words = t.isEmpty() ? 0 : t.split("\\s+").length;
    if (words <= minWords || t.length() <= minChars) {
      return Optional.of(SHORT_CAPTION);
    }
    if (Math.min(width, height) < minSide) {
      return Optional.of(SMALL_IMAGE);
    }
    if ((double) Math.max(width, height) / Math.max(1, Math.min(width, height)) >= maxAspect) {
      return Optional.of(ASPECT_RATIO);
    }
    return Optional.empty();
  }
}
