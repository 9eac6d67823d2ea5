package dev.flotilla.ensembles.sortednet;

import java.util.ArrayList;
import java.util.List;

/** The sorted set: every (width fraction, depth) pair of the grid, smallest first. Immutable. */
public record SubNetworkGrid(List<Double> widths, List<Integer> depths) {

  public SubNetworkGrid {
    widths = widths.stream().sorted().distinct().toList();
    depths = depths.stream().sorted().distinct().toList();
    if (widths.isEmpty() || depths.isEmpty()) {
      throw new IllegalArgumentException("the sub-network grid needs at least one width and one depth");
    }
    for (double w : widths) {
      if (!(w > 0 && w <= 1)) {
        throw new IllegalArgumentException("width grid value " + w + " is outside (0, 1]");
      }
    }
  }

  /** Checks the grid against the model: depths within its blocks, and the full network present. */
  public void check(SortedNetSpec spec) {
    for (int d : depths) {
      if (d < 1 || d > spec.depth()) {
        throw new IllegalArgumentException("depth grid value " + d + " is beyond the model's "
            + spec.depth() + " blocks (valid: 1.." + spec.depth() + ")");
      }
    }
    if (widths.get(widths.size() - 1) != 1.0 || depths.get(depths.size() - 1) != spec.depth()) {
      throw new IllegalArgumentException("the grid must contain the full network (width 1.0, depth "
          + spec.depth() + ")");
    }
  }

  public List<SubNetwork> all() {
    List<SubNetwork> out = new ArrayList<>();
    for (double w : widths) {
      for (int d : depths) {
        out.add(new SubNetwork(w, d));
      }
    }
    out.sort(null);
    return out;
  }

  public int size() {
    return widths.size() * depths.size();
  }
}
