package dev.flotilla.datafiltering.model;

/** The tests' built-in CLIP: 28 pixels in 16 patches of 7x7, 2 blocks of width 32 per tower, byte tokens. */
public final class TinyClip {

  public static final ClipSpec SPEC =
      new ClipSpec(28, 7, 32, 2, 2, 4, 32, 2, 2, 77, ClipSpec.CLIP_VOCAB, 32, null, 2e-3);

  private TinyClip() {}
}
