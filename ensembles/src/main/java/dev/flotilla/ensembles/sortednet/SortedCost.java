package dev.flotilla.ensembles.sortednet;

/**
 * Parameters and FLOPs of a sub-network, from the architecture (multiply-add = 2 FLOPs;
 * training ≈ 3 × forward). Counts only what the sub-network uses, which is exactly the size of
 * its exported standalone network.
 */
public final class SortedCost {

  private SortedCost() {}

  public static long parameters(SortedNetSpec spec, SubNetwork s) {
    return count(spec, s, false);
  }

  public static long forwardFlops(SortedNetSpec spec, SubNetwork s) {
    return 2 * count(spec, s, true);
  }

  public static long trainFlops(SortedNetSpec spec, SubNetwork s) {
    return 3 * forwardFlops(spec, s);
  }

  /** Parameters, or multiply-adds per example. */
  private static long count(SortedNetSpec spec, SubNetwork s, boolean macs) {
    spec.check(s);
    long k = s.units(spec.width());
    long total = 0;
    if (SortedNetSpec.MLP.equals(spec.kind())) {
      long in = spec.inputSize();
      for (int b = 0; b < s.depth(); b++) {
        total += macs ? in * k : in * k + k;
        in = k;
      }
    } else {
      long in = spec.channels();
      long h = spec.height();
      long w = spec.imageWidth();
      for (int b = 0; b < s.depth(); b++) {
        total += macs ? h * w * 9 * in * k : 9 * in * k + k;
        in = k;
        if (b < SortedNetSpec.CNN_POOLED_BLOCKS) {
          h /= 2;
          w /= 2;
        }
      }
    }
    long headIn = k * spec.headInputsPerUnit();
    total += macs ? headIn * spec.classes() : headIn * spec.classes() + spec.classes();
    return total;
  }
}
