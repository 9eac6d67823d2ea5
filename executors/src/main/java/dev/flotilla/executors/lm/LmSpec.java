package dev.flotilla.executors.lm;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Shape of a language model over a token vocabulary: bytes ({@link ByteTokens}) unless
 * {@code vocab} says otherwise.
 *
 * <ul>
 *   <li>{@code transformer}: decoder-only, pre-norm; {@code layers} blocks of causal
 *       self-attention ({@code heads} heads over {@code dModel}) and a GELU MLP of
 *       {@code mlpWidth}; learned positions; untied output head.
 *   <li>{@code lstm}: an embedding of {@code dModel}, {@code layers} LSTM layers of
 *       {@code dModel} units, a softmax output; {@code heads} and {@code mlpWidth} are 0.
 * </ul>
 *
 * @param context tokens a model sees at once (training window and evaluation window)
 * @param vocab token ids the model reads and predicts (a tokenizer's vocabulary and its document
 *     marker); 0 = bytes ({@link ByteTokens#VOCAB}), left out of the JSON so byte-level specs keep
 *     the unit ids they had before tokenizers
 */
public record LmSpec(String kind, int layers, int dModel, int heads, int mlpWidth, int context,
    double learningRate, @JsonInclude(JsonInclude.Include.NON_DEFAULT) int vocab) {

  /** A byte-level model. */
  public LmSpec(String kind, int layers, int dModel, int heads, int mlpWidth, int context, double learningRate) {
    this(kind, layers, dModel, heads, mlpWidth, context, learningRate, 0);
  }

  public static final String TRANSFORMER = "transformer";
  public static final String LSTM = "lstm";

  public LmSpec {
    if (!TRANSFORMER.equals(kind) && !LSTM.equals(kind)) {
      throw new IllegalArgumentException("model kind '" + kind + "' is not one of transformer, lstm");
    }
    if (layers < 1 || dModel < 1 || context < 2) {
      throw new IllegalArgumentException("layers, d-model must be >= 1 and context >= 2, got layers="
          + layers + " d-model=" + dModel + " context=" + context);
    }
    if (TRANSFORMER.equals(kind) && (heads < 1 || dModel % heads != 0 || mlpWidth < 1)) {
      throw new IllegalArgumentException("transformer needs heads >= 1 dividing d-model and mlp-width >= 1, got heads="
          + heads + " d-model=" + dModel + " mlp-width=" + mlpWidth);
    }
    if (vocab != 0 && (vocab < 2 || vocab > TokenFiles.MAX_VOCAB)) {
      throw new IllegalArgumentException("vocab must be 2.." + TokenFiles.MAX_VOCAB + " (u16 token shards), got " + vocab);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning-rate must be > 0, got " + learningRate);
    }
  }

  /** Token ids the model reads and predicts: its tokenizer's, or the 258 byte tokens. */
  public int vocabSize() {
    return vocab == 0 ? ByteTokens.VOCAB : vocab;
  }

  /** The same shape over another vocabulary (0 = bytes). */
  public LmSpec withVocab(int vocab) {
    return new LmSpec(kind, layers, dModel, heads, mlpWidth, context, learningRate, vocab);
  }

  /**
   * Exact trainable parameter count of the model the backends build for this spec, embeddings
   * and output head included (with a real tokenizer they are most of a small model).
   */
  public long parameters() {
    long v = vocabSize();
    long d = dModel;
    if (TRANSFORMER.equals(kind)) {
      long m = mlpWidth;
      long perLayer = 4 * d * d + 2 * d * m + 9 * d + m; // 2 norms, qkv, out, mlp in/out
      return v * d + (long) context * d + layers * perLayer + 2 * d + d * v + v;
    }
    long lstm = 0;
    for (int l = 0; l < layers; l++) {
      lstm += 4 * d * (d + d + 1); // input = d (embedding or previous layer), recurrent d, bias
    }
    return v * d + lstm + d * v + v;
  }

  /**
   * Training FLOPs per token, the usual 6·N (forward 2N, backward 4N), as HDEE and the scaling
   * literature count compute. Attention's context term is left out, as in that convention.
   */
  public double trainFlopsPerToken() {
    return 6.0 * parameters();
  }

  /**
   * The common length of a batch of token rows a model of this spec takes (equal lengths,
   * 2..context + 1); fails on anything else.
   */
  public int checkedLength(int[][] rows) {
    if (rows.length == 0) {
      throw new IllegalArgumentException("empty batch");
    }
    int len = rows[0].length;
    if (len < 2 || len > context + 1) {
      throw new IllegalArgumentException("rows must have 2.." + (context + 1) + " tokens, got " + len);
    }
    for (int[] r : rows) {
      if (r.length != len) {
        throw new IllegalArgumentException("rows of a batch must have equal lengths: " + r.length + " vs " + len);
      }
    }
    return len;
  }

  public String describe() {
    return (TRANSFORMER.equals(kind)
        ? "transformer L" + layers + " d" + dModel + " h" + heads + " mlp" + mlpWidth + " ctx" + context
        : "lstm L" + layers + " h" + dModel + " ctx" + context) + (vocab == 0 ? "" : " vocab" + vocab);
  }
}
