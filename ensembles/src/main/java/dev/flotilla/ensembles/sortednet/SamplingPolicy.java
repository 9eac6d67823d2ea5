package dev.flotilla.ensembles.sortednet;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Which sub-networks of the sorted set train at a step (their gradients are accumulated into
 * one optimizer update).
 *
 * <ul>
 *   <li>{@code uniform}: {@code perStep} distinct sub-networks, uniformly over the set.
 *   <li>{@code sandwich} (slimmable networks): the largest, the smallest and {@code perStep - 2}
 *       distinct others uniformly.
 *   <li>{@code probabilistic} (SortedNet): {@code perStep} draws, the width index from
 *       {@code widthProbs} and the depth index from {@code depthProbs} independently (duplicates
 *       merged).
 * </ul>
 *
 * <p>{@code largestEveryStep} adds the full network to every step's draws (merged when drawn), as
 * the sandwich rule always does: its share of updates is then 1, and it is the in-place
 * distillation teacher that is itself trained at every step. Left out of the JSON when false, so
 * earlier units keep their ids.
 */
public record SamplingPolicy(String kind, int perStep, List<Double> widthProbs, List<Double> depthProbs,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean largestEveryStep) {

  public static final String UNIFORM = "uniform";
  public static final String SANDWICH = "sandwich";
  public static final String PROBABILISTIC = "probabilistic";

  public SamplingPolicy {
    if (!List.of(UNIFORM, SANDWICH, PROBABILISTIC).contains(kind)) {
      throw new IllegalArgumentException("sampling policy must be uniform, sandwich or probabilistic, got '" + kind + "'");
    }
    if (perStep < 1 || (SANDWICH.equals(kind) && perStep < 2)) {
      throw new IllegalArgumentException("sub-networks per step must be >= " + (SANDWICH.equals(kind) ? 2 : 1)
          + " for " + kind + ", got " + perStep);
    }
    widthProbs = List.copyOf(widthProbs);
    depthProbs = List.copyOf(depthProbs);
  }

  /** A policy that trains the full network only when it is drawn (always, for the sandwich rule). */
  public SamplingPolicy(String kind, int perStep, List<Double> widthProbs, List<Double> depthProbs) {
    this(kind, perStep, widthProbs, depthProbs, false);
  }

  /** Validates the probabilities against the grid (called at plan time). */
  public void check(SubNetworkGrid grid) {
    if (!PROBABILISTIC.equals(kind)) {
      return;
    }
    checkProbs("width-probabilities", widthProbs, grid.widths().size());
    checkProbs("depth-probabilities", depthProbs, grid.depths().size());
  }

  private static void checkProbs(String key, List<Double> p, int n) {
    if (p.size() != n) {
      throw new IllegalArgumentException(key + " has " + p.size() + " entries; the grid has " + n);
    }
    double sum = 0;
    for (double v : p) {
      if (!(v >= 0)) {
        throw new IllegalArgumentException(key + ": probabilities must be >= 0, got " + v);
      }
      sum += v;
    }
    if (Math.abs(sum - 1) > 1e-6) {
      throw new IllegalArgumentException(key + " must sum to 1, got " + sum);
    }
  }

  public List<SubNetwork> sample(SubNetworkGrid grid, Random rng) {
    List<SubNetwork> all = grid.all();
    Set<SubNetwork> out = new LinkedHashSet<>();
    if (largestEveryStep) {
      out.add(all.get(all.size() - 1));
    }
    switch (kind) {
      case UNIFORM -> {
        for (int i : distinct(all.size(), Math.min(perStep, all.size()), rng)) {
          out.add(all.get(i));
        }
      }
      case SANDWICH -> {
        out.add(all.get(all.size() - 1));
        out.add(all.get(0));
        List<SubNetwork> middle = new ArrayList<>(all.subList(1, Math.max(1, all.size() - 1)));
        for (int i : distinct(middle.size(), Math.min(perStep - 2, middle.size()), rng)) {
          out.add(middle.get(i));
        }
      }
      default -> {
        for (int i = 0; i < perStep; i++) {
          double w = grid.widths().get(draw(widthProbs, rng));
          int d = grid.depths().get(draw(depthProbs, rng));
          out.add(new SubNetwork(w, d));
        }
      }
    }
    return List.copyOf(out);
  }

  private static int draw(List<Double> probs, Random rng) {
    double u = rng.nextDouble();
    double acc = 0;
    for (int i = 0; i < probs.size(); i++) {
      acc += probs.get(i);
      if (u < acc) {
        return i;
      }
    }
    return probs.size() - 1;
  }

  /** k distinct indices of [0, n), by a partial Fisher-Yates shuffle. */
  private static int[] distinct(int n, int k, Random rng) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    for (int i = 0; i < k; i++) {
      int j = i + rng.nextInt(n - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    return java.util.Arrays.copyOf(idx, k);
  }
}
