package dev.flotilla.datafiltering.model;

import dev.flotilla.executors.export.PortableModel;
import dev.flotilla.executors.export.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The portable form of the built-in filtering network ({@link ClipSpec}), both towers, under the
 * names and layouts of OpenAI CLIP's state dict: {@code visual.conv1.weight} (patch embedding, no
 * bias), {@code visual.class_embedding}, {@code visual.positional_embedding}, {@code visual.ln_pre},
 * per block {@code <tower>.transformer.resblocks.<i>.ln_1}, {@code attn.in_proj_weight/_bias}
 * ([q | k | v] rows), {@code attn.out_proj}, {@code ln_2}, {@code mlp.c_fc}, {@code mlp.c_proj};
 * {@code visual.ln_post}, {@code visual.proj} (width x embed, applied as x @ proj);
 * {@code token_embedding.weight}, {@code positional_embedding}, {@code ln_final},
 * {@code text_projection}, {@code logit_scale}. The MLP's activation is exact GELU (erf), not
 * OpenAI's QuickGELU; LayerNorm eps 1e-5.
 */
public final class ClipLayout {

  public static final String FORMAT = "flotilla-clip-vit-v1";

  private ClipLayout() {}

  public static PortableModel of(ClipSpec spec, List<Tensor> tensors) {
    return new PortableModel(tensors, config(spec)).checkShapes(shapes(spec));
  }

  /** Every weight's name and shape, in the order the network creates them. */
  static Map<String, long[]> shapes(ClipSpec spec) {
    long w = spec.width();
    long p = spec.patchSize();
    long e = spec.embedDim();
    Map<String, long[]> s = new LinkedHashMap<>();
    s.put("visual.conv1.weight", new long[] {w, 3, p, p});
    s.put("visual.class_embedding", new long[] {w});
    s.put("visual.positional_embedding", new long[] {spec.imageTokens(), w});
    s.put("visual.ln_pre.weight", new long[] {w});
    s.put("visual.ln_pre.bias", new long[] {w});
    blocks(s, "visual.transformer", spec.layers(), w, spec.mlpRatio());
    s.put("visual.ln_post.weight", new long[] {w});
    s.put("visual.ln_post.bias", new long[] {w});
    s.put("visual.proj", new long[] {w, e});
    long tw = spec.textWidth();
    s.put("token_embedding.weight", new long[] {spec.vocabSize(), tw});
    s.put("positional_embedding", new long[] {spec.contextLength(), tw});
    blocks(s, "transformer", spec.textLayers(), tw, spec.mlpRatio());
    s.put("ln_final.weight", new long[] {tw});
    s.put("ln_final.bias", new long[] {tw});
    s.put("text_projection", new long[] {tw, e});
    s.put("logit_scale", new long[] {1});
    return s;
  }

  private static void blocks(Map<String, long[]> s, String tower, int layers, long d, int mlpRatio) {
    for (int i = 0; i < layers; i++) {
      String b = block(tower, i);
      s.put(b + "ln_1.weight", new long[] {d});
      s.put(b + "ln_1.bias", new long[] {d});
      s.put(b + "attn.in_proj_weight", new long[] {3 * d, d});
      s.put(b + "attn.in_proj_bias", new long[] {3 * d});
      s.put(b + "attn.out_proj.weight", new long[] {d, d});
      s.put(b + "attn.out_proj.bias", new long[] {d});
      s.put(b + "ln_2.weight", new long[] {d});
      s.put(b + "ln_2.bias", new long[] {d});
      s.put(b + "mlp.c_fc.weight", new long[] {mlpRatio * d, d});
      s.put(b + "mlp.c_fc.bias", new long[] {mlpRatio * d});
      s.put(b + "mlp.c_proj.weight", new long[] {d, mlpRatio * d});
      s.put(b + "mlp.c_proj.bias", new long[] {d});
    }
  }

  /** The name prefix of block {@code i} of a tower ({@code visual.transformer} or {@code transformer}). */
  static String block(String tower, int i) {
    return tower + ".resblocks." + i + ".";
  }

  static Map<String, Object> config(ClipSpec spec) {
    ClipPreprocessing pre = spec.preprocessing();
    Map<String, Object> image = new LinkedHashMap<>();
    image.put("input", "float32 [N, 3, image_size, image_size]: RGB, shorter side resized to image_size "
        + "(Pillow bicubic), centre crop, each channel (x / 255 - mean) / std");
    image.put("image_size", spec.imageSize());
    image.put("mean", pre.mean());
    image.put("std", pre.std());
    image.put("patch_size", spec.patchSize());
    image.put("width", spec.width());
    image.put("layers", spec.layers());
    image.put("heads", spec.heads());
    image.put("pooling", "ln_post of the class token (position 0), then @ visual.proj");
    Map<String, Object> text = new LinkedHashMap<>();
    text.put("input", "int64 [N, context_length] token ids: start of text, the caption's tokens, end of text, "
        + "zeros (OpenAI's clip.tokenize layout)");
    text.put("tokenizer", spec.readsWords()
        ? "words: vocab_size - 2, each word (a run of letters and digits with inner hyphens and apostrophes, "
            + "lower-cased) as 1 + CRC-32 of its UTF-8 bytes modulo (vocab_size - 3), vocab_size - 1"
        : ClipSpec.BYTES.equals(spec.tokenizer()) ? "bytes: 49406, the caption's UTF-8 bytes as 1..256, 49407"
        : spec.tokenizer());
    text.put("context_length", spec.contextLength());
    text.put("vocab_size", spec.vocabSize());
    text.put("width", spec.textWidth());
    text.put("layers", spec.textLayers());
    text.put("heads", spec.textHeads());
    text.put("attention", "causal (-1e9 added above the diagonal)");
    text.put("pooling", "ln_final at the end-of-text token (the largest id of the row, its first position), "
        + "then @ text_projection");
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("format", FORMAT);
    c.put("embed_dim", spec.embedDim());
    c.put("mlp_ratio", spec.mlpRatio());
    c.put("activation", "gelu (erf)");
    c.put("layer_norm_eps", 1e-5);
    c.put("blocks", "pre-norm: x + out_proj(attention(ln_1(x))), then x + c_proj(gelu(c_fc(ln_2(x)))); "
        + "in_proj_weight rows are [q | k | v], heads split the width");
    c.put("image_tower", image);
    c.put("text_tower", text);
    c.put("normalize", "each embedding divided by sqrt(sum of squares + 1e-12)");
    c.put("score", "dot product of a pair's image and text embeddings (cosine similarity)");
    c.put("logit_scale", "learned ln of the inverse temperature, clamped to [0, ln 100] in training");
    return c;
  }
}
