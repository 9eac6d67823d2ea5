package dev.flotilla.datafiltering.model;

/**
 * The tests' built-in CLIP, as dfn.conf's default: 28 pixels in 16 patches of 7x7, 2 image blocks
 * of width 64, 2 text blocks of width 32, hashed words.
 */
public final class TinyClip {

  public static final ClipSpec SPEC =
      new ClipSpec(28, 7, 64, 2, 4, 4, 32, 2, 2, 77, 8192, 32, null, 1e-3);

  private TinyClip() {}
}
