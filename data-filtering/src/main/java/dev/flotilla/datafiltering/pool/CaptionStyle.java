package dev.flotilla.datafiltering.pool;

/**
 * How a pool caption relates to its image, modelled on web alt-text. Only {@link #CORRECT}
 * pairs are clean; the style is ground truth, written apart from the pool, for evaluation only.
 */
public enum CaptionStyle {
  /** Describes the image: its class and measured attributes, in one of several templates. */
  CORRECT,
  /** Another image's correct caption (a different class). */
  MISMATCHED,
  /** File names, "click here", SEO strings: nothing about the image. */
  BOILERPLATE,
  /** Right attributes and template, wrong class word, plus spam words. */
  PARTLY_WRONG
}
