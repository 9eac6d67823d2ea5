package dev.flotilla.datafiltering.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The built-in filtering network: a CLIP (Radford et al. 2021) with a ViT image tower and a
 * transformer text tower, every size configurable, from a tiny model for tests and the
 * Fashion-MNIST demo up to ViT-B/32 ({@link #vitB32}).
 *
 * @param imageSize     side of the square RGB input (CLIP preprocessing resizes and crops to it)
 * @param patchSize     side of the square patches the image tower embeds (divides imageSize)
 * @param width         image transformer width
 * @param layers        image transformer blocks
 * @param heads         image attention heads (divide width)
 * @param mlpRatio      MLP hidden width over transformer width, both towers (CLIP: 4)
 * @param textWidth     text transformer width
 * @param textLayers    text transformer blocks
 * @param textHeads     text attention heads (divide textWidth)
 * @param contextLength tokens per caption, with start and end of text (CLIP: 77)
 * @param vocabSize     rows of the token embedding: the hashed words' ids ({@link WordTokenizer},
 *                      at least {@link WordTokenizer#MIN_VOCAB}); CLIP's BPE: 49408; the byte
 *                      tokenizer's end-of-text id 49407 needs at least that many too
 * @param embedDim      size of the shared embedding space
 * @param tokenizer     null or {@link #WORDS} for hashed words ({@link WordTokenizer}),
 *                      {@link #BYTES} for the byte tokenizer ({@link ByteTokenizer}), else a
 *                      HuggingFace {@code tokenizer.json} (any Hadoop FS)
 * @param learningRate  Adam learning rate
 */
public record ClipSpec(int imageSize, int patchSize, int width, int layers, int heads, int mlpRatio,
    int textWidth, int textLayers, int textHeads, int contextLength, int vocabSize, int embedDim,
    @JsonInclude(JsonInclude.Include.NON_NULL) String tokenizer, double learningRate) {

  /** The one kind of this architecture, as backends list it. */
  public static final String KIND = "clip";
  /** CLIP's BPE vocabulary size; its end-of-text id (49407) is the largest id. */
  public static final int CLIP_VOCAB = 49408;
  /** {@link #tokenizer} of hashed words (also what null means): the built-in network's default. */
  public static final String WORDS = "words";
  /** {@link #tokenizer} of UTF-8 bytes between CLIP's start and end ids. */
  public static final String BYTES = "bytes";

  public ClipSpec {
    if (imageSize < 1 || patchSize < 1 || imageSize % patchSize != 0) {
      throw new IllegalArgumentException("image-size must be a positive multiple of patch-size, got "
          + imageSize + " and " + patchSize);
    }
    requireHeads("width", width, "heads", heads);
    requireHeads("text-width", textWidth, "text-heads", textHeads);
    if (layers < 1 || textLayers < 1 || mlpRatio < 1 || embedDim < 1) {
      throw new IllegalArgumentException("layers, text-layers, mlp-ratio and embed-dim must be positive, got "
          + layers + ", " + textLayers + ", " + mlpRatio + ", " + embedDim);
    }
    if (contextLength < 2 || vocabSize < 2) {
      throw new IllegalArgumentException("context-length and vocab-size must be at least 2, got "
          + contextLength + ", " + vocabSize);
    }
    if (readsWords() && vocabSize < WordTokenizer.MIN_VOCAB) {
      throw new IllegalArgumentException("dfn.model.vocab-size = " + vocabSize + " is too small for hashed words: "
          + "set at least " + WordTokenizer.MIN_VOCAB);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
    }
  }

  private static void requireHeads(String widthKey, int width, String headsKey, int heads) {
    if (width < 1 || heads < 1 || width % heads != 0) {
      throw new IllegalArgumentException(headsKey + " must divide " + widthKey + ", got " + heads + " and " + width);
    }
  }

  /** CLIP ViT-B/32's shape (224 pixels, patch 32, 768 x 12 x 12; text 512 x 12 x 8, 77 tokens; 512). */
  public static ClipSpec vitB32(String tokenizer, double learningRate) {
    return new ClipSpec(224, 32, 768, 12, 12, 4, 512, 12, 8, 77, CLIP_VOCAB, 512, tokenizer, learningRate);
  }

  /** Whether captions reach the text tower as hashed words ({@link WordTokenizer}). */
  public boolean readsWords() {
    return tokenizer == null || WORDS.equals(tokenizer);
  }

  /** Patches per side. */
  public int grid() {
    return imageSize / patchSize;
  }

  /** Tokens of the image transformer: the class token and one per patch. */
  public int imageTokens() {
    return grid() * grid() + 1;
  }

  /** How images reach the network: CLIP's preprocessing to {@link #imageSize}, OpenAI's mean and std. */
  public ClipPreprocessing preprocessing() {
    return ClipPreprocessing.clip(imageSize);
  }

  /** Weights of both towers and the temperature (as {@link ClipLayout} lays them out). */
  public long parameterCount() {
    return ClipLayout.shapes(this).values().stream()
        .mapToLong(s -> java.util.Arrays.stream(s).reduce(1, Math::multiplyExact)).sum();
  }

  /**
   * Multiply-adds of embedding one image and one caption of {@code textTokens} tokens (up to its
   * end of text: the text tower runs no further): patch embedding, per block the q/k/v, output and
   * MLP projections plus the attention products, and both final projections.
   */
  public long macsPerPair(int textTokens) {
    long t = imageTokens();
    long image = (long) grid() * grid() * 3L * patchSize * patchSize * width
        + layers * block(t, width) + (long) width * embedDim;
    long text = textLayers * block(textTokens, textWidth) + (long) textWidth * embedDim;
    return image + text + embedDim;
  }

  /** {@link #macsPerPair(int)} at the full context: an upper bound, as cost estimates use it. */
  public long macsPerPair() {
    return macsPerPair(contextLength);
  }

  /** The text tower's causal mask hides half the attention products, but they are still computed. */
  private long block(long tokens, long d) {
    return tokens * (4 * d * d + 2 * d * d * mlpRatio) + 2 * tokens * tokens * d; // + q·k and attention·v
  }
}
