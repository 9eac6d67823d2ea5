package dev.flotilla.datafiltering.model;

/**
 * A small CLIP-style dual encoder for 28x28 grayscale images and short captions.
 *
 * @param embedDim       size of the shared embedding space
 * @param channels       channels of the image tower's two 3x3 conv layers (each + 2x2 max-pool)
 * @param vocabBuckets   caption words are hashed into this many buckets (bag of words)
 * @param textHidden     hidden width of the text tower
 * @param learningRate   Adam learning rate
 */
public record ClipSpec(int embedDim, int channels, int vocabBuckets, int textHidden, double learningRate) {

  /** The one kind of this architecture, as backends list it. */
  public static final String KIND = "clip";

  public ClipSpec {
    if (embedDim < 1 || channels < 1 || vocabBuckets < 2 || textHidden < 1) {
      throw new IllegalArgumentException("dual-encoder sizes must be positive: " + embedDim + ", "
          + channels + ", " + vocabBuckets + ", " + textHidden);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
    }
  }

  /** Multiply-adds of embedding one image and one caption (the scoring cost of a pair). */
  public long macsPerPair() {
    long c = channels;
    long conv1 = 28L * 28 * 9 * c;
    long conv2 = 14L * 14 * 9 * c * c;
    long imgProj = 7L * 7 * c * embedDim;
    long text = (long) vocabBuckets * textHidden + (long) textHidden * embedDim;
    return conv1 + conv2 + imgProj + text + embedDim;
  }
}
