package dev.flotilla.executors.backend;

import java.util.List;

/**
 * Parameter counts and FLOPs of a {@link ModelSpec}, computed from the architecture (not from a
 * built model), so a plan can print them before anything runs. Backends must agree with these
 * counts (a test checks both).
 *
 * <p>FLOPs count a multiply-add as 2. Training is taken as 3x the forward pass (forward +
 * backward for activations and weights), the usual 6·params·tokens for dense layers.
 */
public final class ModelCost {

  private ModelCost() {}

  public static long parameters(ModelSpec spec) {
    long params = 0;
    for (long[] layer : layers(spec)) {
      params += layer[1];
    }
    return params;
  }

  public static long forwardFlopsPerExample(ModelSpec spec) {
    long flops = 0;
    for (long[] layer : layers(spec)) {
      flops += 2 * layer[0];
    }
    return flops;
  }

  public static long trainFlopsPerExample(ModelSpec spec) {
    return 3 * forwardFlopsPerExample(spec);
  }

  /** Per layer: {multiply-adds per example, parameters}. */
  private static List<long[]> layers(ModelSpec spec) {
    java.util.ArrayList<long[]> out = new java.util.ArrayList<>();
    List<Integer> w = spec.widths();
    switch (spec.kind()) {
      case ModelSpec.MLP -> {
        long in = spec.inputSize();
        for (int h : w) {
          out.add(new long[] {in * h, in * h + h});
          in = h;
        }
        out.add(new long[] {in * spec.classes(), in * spec.classes() + spec.classes()});
      }
      case ModelSpec.CNN -> {
        long c = spec.channels();
        long hh = spec.height();
        long ww = spec.width();
        long k2 = (long) ModelSpec.CNN_KERNEL * ModelSpec.CNN_KERNEL;
        for (int i = 0; i < w.size() - 1; i++) {
          long filters = w.get(i);
          out.add(new long[] {hh * ww * k2 * c * filters, k2 * c * filters + filters});
          c = filters;
          hh /= 2;
          ww /= 2;
        }
        long flat = c * hh * ww;
        long dense = w.get(w.size() - 1);
        out.add(new long[] {flat * dense, flat * dense + dense});
        out.add(new long[] {dense * spec.classes(), dense * spec.classes() + spec.classes()});
      }
      default -> throw new IllegalArgumentException("unknown model kind '" + spec.kind() + "'");
    }
    return out;
  }
}
