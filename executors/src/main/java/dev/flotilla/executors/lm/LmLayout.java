package dev.flotilla.executors.lm;

import dev.flotilla.executors.export.PortableModel;
import dev.flotilla.executors.export.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The portable form of a byte-level language model ({@link LmSpec}): one config and tensor set
 * per architecture, whichever backend trained it.
 *
 * <ul>
 *   <li>{@code transformer}: GPT-2 names ({@code tok_emb}, {@code pos_emb}, per layer
 *       {@code h<l>.ln1_g/_b}, {@code qkv_w/_b} (3d, d) as [q | k | v], {@code out_w/_b},
 *       {@code ln2_g/_b}, {@code fc_w/_b}, {@code proj_w/_b}; {@code lnf_g/_b}, {@code head_w/_b});
 *       pre-norm, LayerNorm eps 1e-5, exact (erf) GELU, causal attention.
 *   <li>{@code lstm}: the state-dict names of {@code nn.Embedding} ({@code embedding.weight}),
 *       {@code nn.LSTM(d, d, layers, batch_first=True)} ({@code lstm.weight_ih_l<k>} etc., gates
 *       in PyTorch's order i, f, g, o) and {@code nn.Linear} ({@code head.weight/bias}).
 * </ul>
 */
public final class LmLayout {

  public static final String TRANSFORMER_FORMAT = "flotilla-transformer-lm-v1";
  public static final String LSTM_FORMAT = "flotilla-lstm-lm-v1";

  private LmLayout() {}

  /** The portable model from a backend's tensors, named and laid out as above (checked). */
  public static PortableModel of(LmSpec spec, List<Tensor> tensors) {
    return new PortableModel(tensors, config(spec)).checkShapes(shapes(spec));
  }

  static Map<String, long[]> shapes(LmSpec spec) {
    long v = ByteTokens.VOCAB;
    long d = spec.dModel();
    Map<String, long[]> s = new LinkedHashMap<>();
    if (LmSpec.TRANSFORMER.equals(spec.kind())) {
      long f = spec.mlpWidth();
      s.put("tok_emb", new long[] {v, d});
      s.put("pos_emb", new long[] {spec.context(), d});
      for (int l = 0; l < spec.layers(); l++) {
        String p = "h" + l + ".";
        s.put(p + "ln1_g", new long[] {d});
        s.put(p + "ln1_b", new long[] {d});
        s.put(p + "qkv_w", new long[] {3 * d, d});
        s.put(p + "qkv_b", new long[] {3 * d});
        s.put(p + "out_w", new long[] {d, d});
        s.put(p + "out_b", new long[] {d});
        s.put(p + "ln2_g", new long[] {d});
        s.put(p + "ln2_b", new long[] {d});
        s.put(p + "fc_w", new long[] {f, d});
        s.put(p + "fc_b", new long[] {f});
        s.put(p + "proj_w", new long[] {d, f});
        s.put(p + "proj_b", new long[] {d});
      }
      s.put("lnf_g", new long[] {d});
      s.put("lnf_b", new long[] {d});
      s.put("head_w", new long[] {v, d});
      s.put("head_b", new long[] {v});
    } else {
      s.put("embedding.weight", new long[] {v, d});
      for (int l = 0; l < spec.layers(); l++) {
        s.put("lstm.weight_ih_l" + l, new long[] {4 * d, d});
        s.put("lstm.weight_hh_l" + l, new long[] {4 * d, d});
        s.put("lstm.bias_ih_l" + l, new long[] {4 * d});
        s.put("lstm.bias_hh_l" + l, new long[] {4 * d});
      }
      s.put("head.weight", new long[] {v, d});
      s.put("head.bias", new long[] {v});
    }
    return s;
  }

  static Map<String, Object> config(LmSpec spec) {
    boolean transformer = LmSpec.TRANSFORMER.equals(spec.kind());
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("format", transformer ? TRANSFORMER_FORMAT : LSTM_FORMAT);
    c.put("kind", spec.kind());
    c.put("model", spec.describe());
    c.put("vocab", ByteTokens.VOCAB);
    c.put("tokens", "0-255 the bytes of UTF-8 text; " + ByteTokens.DOC + " starts a document; "
        + ByteTokens.PAD + " is padding (never trained on)");
    c.put("layers", spec.layers());
    c.put("d_model", spec.dModel());
    if (transformer) {
      c.put("heads", spec.heads());
      c.put("mlp_width", spec.mlpWidth());
      c.put("layer_norm_eps", 1e-5);
      c.put("activation", "gelu (erf)");
      c.put("attention", "causal, pre-norm; qkv_w rows are [q | k | v]");
    } else {
      c.put("gates", "PyTorch nn.LSTM order (i, f, g, o)");
    }
    c.put("context", spec.context());
    c.put("output", "logits (batch, time, vocab) for the next token at every position");
    return c;
  }
}
