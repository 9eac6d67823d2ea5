package dev.flotilla.datafiltering.model;

import dev.flotilla.executors.export.PortableModel;
import dev.flotilla.executors.export.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The portable form of the built-in filtering network ({@link ClipSpec}), both towers: image
 * tower {@code conv1_w/_b}, {@code conv2_w/_b} (3x3, padding 1, ReLU, 2x2 max-pool each) and
 * {@code img_proj_w/_b}; text tower {@code txt_hidden_w/_b} (ReLU) and {@code txt_proj_w/_b} over
 * hashed bag-of-words features ({@link BagOfWords}); both embeddings L2-normalized, the pair's
 * score their dot product; {@code logit_scale} is the learned log inverse temperature of training.
 */
public final class ClipLayout {

  public static final String FORMAT = "flotilla-clip-filter-v1";

  private ClipLayout() {}

  public static PortableModel of(ClipSpec spec, List<Tensor> tensors) {
    return new PortableModel(tensors, config(spec)).checkShapes(shapes(spec));
  }

  static Map<String, long[]> shapes(ClipSpec spec) {
    long c = spec.channels();
    long e = spec.embedDim();
    Map<String, long[]> s = new LinkedHashMap<>();
    s.put("conv1_w", new long[] {c, 1, 3, 3});
    s.put("conv1_b", new long[] {c});
    s.put("conv2_w", new long[] {c, c, 3, 3});
    s.put("conv2_b", new long[] {c});
    s.put("img_proj_w", new long[] {e, 49 * c});
    s.put("img_proj_b", new long[] {e});
    s.put("txt_hidden_w", new long[] {spec.textHidden(), spec.vocabBuckets()});
    s.put("txt_hidden_b", new long[] {spec.textHidden()});
    s.put("txt_proj_w", new long[] {e, spec.textHidden()});
    s.put("txt_proj_b", new long[] {e});
    s.put("logit_scale", new long[] {1});
    return s;
  }

  static Map<String, Object> config(ClipSpec spec) {
    Map<String, Object> image = new LinkedHashMap<>();
    image.put("input", "28x28 gray pixels in [0, 1], row-major");
    image.put("convs", List.of("conv1", "conv2"));
    image.put("conv", "3x3, padding 1, ReLU, then 2x2 max-pool");
    image.put("projection", "img_proj (flattened channel-major 7x7 maps)");
    Map<String, Object> text = new LinkedHashMap<>();
    text.put("input", "bag of words: lowercase runs of letters and digits, each hashed by 32-bit "
        + "FNV-1a of its UTF-8 bytes, floorMod(signed hash, vocab_buckets); counts divided by the word count");
    text.put("hidden", "txt_hidden, ReLU");
    text.put("projection", "txt_proj");
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("format", FORMAT);
    c.put("embed_dim", spec.embedDim());
    c.put("channels", spec.channels());
    c.put("vocab_buckets", spec.vocabBuckets());
    c.put("text_hidden", spec.textHidden());
    c.put("image_tower", image);
    c.put("text_tower", text);
    c.put("normalize", "each embedding divided by sqrt(sum of squares + 1e-12)");
    c.put("score", "dot product of a pair's image and text embeddings (cosine similarity)");
    return c;
  }
}
