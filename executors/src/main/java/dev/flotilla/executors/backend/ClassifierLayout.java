package dev.flotilla.executors.backend;

import dev.flotilla.executors.export.PortableModel;
import dev.flotilla.executors.export.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The portable form of a sweep classifier ({@link ModelSpec}), the same for every backend: the
 * block list SortedNet's sub-networks use too (linear or conv2d, ReLU, optional 2x2 max-pool;
 * a linear block flattens its input channel-major), then the head. Tensors are {@code w<i>},
 * {@code b<i>} per block and {@code head_w}, {@code head_b}; linear weights (out, in), conv
 * weights (out, in, 5, 5).
 */
public final class ClassifierLayout {

  public static final String FORMAT = "flotilla-classifier-v1";

  private ClassifierLayout() {}

  /**
   * The portable model from a backend's (weight, bias) pairs in layer order, already in
   * PyTorch's layouts; their shapes are checked against the spec.
   */
  public static PortableModel of(ModelSpec spec, List<float[]> weightsAndBiases) {
    Map<String, long[]> shapes = shapes(spec);
    if (weightsAndBiases.size() != shapes.size()) {
      throw new IllegalStateException(spec.label() + ": " + weightsAndBiases.size()
          + " weight and bias arrays, the architecture has " + shapes.size());
    }
    List<Tensor> tensors = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      tensors.add(new Tensor(e.getKey(), e.getValue(), weightsAndBiases.get(i++)));
    }
    return new PortableModel(tensors, config(spec)).checkShapes(shapes);
  }

  /** Tensor names and PyTorch shapes in layer order. */
  static Map<String, long[]> shapes(ModelSpec spec) {
    Map<String, long[]> out = new LinkedHashMap<>();
    List<Integer> w = spec.widths();
    long in = spec.inputSize();
    int dense = 0;
    if (ModelSpec.CNN.equals(spec.kind())) {
      long c = spec.channels();
      long h = spec.height();
      long wd = spec.width();
      for (int i = 0; i < w.size() - 1; i++) {
        out.put("w" + i, new long[] {w.get(i), c, ModelSpec.CNN_KERNEL, ModelSpec.CNN_KERNEL});
        out.put("b" + i, new long[] {w.get(i)});
        c = w.get(i);
        h /= 2;
        wd /= 2;
      }
      in = c * h * wd;
      dense = w.size() - 1;
    }
    for (int i = dense; i < w.size(); i++) {
      out.put("w" + i, new long[] {w.get(i), in});
      out.put("b" + i, new long[] {w.get(i)});
      in = w.get(i);
    }
    out.put("head_w", new long[] {spec.classes(), in});
    out.put("head_b", new long[] {spec.classes()});
    return out;
  }

  static Map<String, Object> config(ModelSpec spec) {
    boolean cnn = ModelSpec.CNN.equals(spec.kind());
    List<Map<String, Object>> blocks = new ArrayList<>();
    List<Integer> w = spec.widths();
    for (int i = 0; i < w.size(); i++) {
      boolean conv = cnn && i < w.size() - 1;
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("op", conv ? "conv2d" : "linear");
      b.put("weight", "w" + i);
      b.put("bias", "b" + i);
      if (conv) {
        b.put("padding", ModelSpec.CNN_KERNEL / 2);
        b.put("max_pool_after", 2);
      }
      b.put("activation", "relu");
      blocks.add(b);
    }
    Map<String, Object> head = new LinkedHashMap<>();
    head.put("max_pool_before", 0);
    head.put("flatten", "channel-major");
    head.put("weight", "head_w");
    head.put("bias", "head_b");
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("format", FORMAT);
    c.put("kind", spec.kind());
    c.put("model", spec.label());
    c.put("input_shape", List.of(spec.channels(), spec.height(), spec.width()));
    c.put("input", "pixels in [0, 1], channel-major");
    c.put("classes", spec.classes());
    c.put("blocks", blocks);
    c.put("head", head);
    c.put("output", "logits; softmax over dim 1 gives the class probabilities");
    return c;
  }
}
