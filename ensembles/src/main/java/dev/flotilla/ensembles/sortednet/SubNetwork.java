package dev.flotilla.ensembles.sortednet;

import java.util.Locale;

/**
 * Sub-network (w, d) of a {@link SortedNetSpec}: width fraction w in (0, 1] and the first d
 * blocks. Sorted order: smaller w and d are nested inside larger ones.
 */
public record SubNetwork(double widthFraction, int depth) implements Comparable<SubNetwork> {

  public SubNetwork {
    if (!(widthFraction > 0 && widthFraction <= 1)) {
      throw new IllegalArgumentException("width fraction must be in (0, 1], got " + widthFraction);
    }
    if (depth < 1) {
      throw new IllegalArgumentException("sub-network depth must be >= 1, got " + depth);
    }
  }

  /** Units (or channels) per block: ceil(w · width), at least 1. */
  public int units(int width) {
    return Math.max(1, (int) Math.ceil(widthFraction * width - 1e-9));
  }

  public String label() {
    return String.format(Locale.ROOT, "w%.4f-d%d", widthFraction, depth);
  }

  @Override
  public int compareTo(SubNetwork o) {
    int c = Double.compare(widthFraction, o.widthFraction);
    return c != 0 ? c : Integer.compare(depth, o.depth);
  }
}
