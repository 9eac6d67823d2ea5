package dev.flotilla.ensembles.sortednet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every evaluated sub-network of a run, ordered by training then FLOPs, and each training's
 * Pareto front: the sub-networks that no other sub-network of the same training beats in
 * validation accuracy with at most as many FLOPs. Immutable.
 */
public record SubNetworkTable(List<SubNetworkResult> rows) {

  public SubNetworkTable {
    rows = rows.stream().sorted(Comparator.comparing(SubNetworkResult::training)
        .thenComparingDouble(SubNetworkResult::flops)).toList();
  }

  /** True when no other sub-network of {@code r}'s training is more accurate on valid with at most its FLOPs. */
  public boolean onParetoFront(SubNetworkResult r) {
    return rows.stream().noneMatch(o -> o != r && o.training().equals(r.training())
        && o.flops() <= r.flops() && o.selectionAccuracy() > r.selectionAccuracy());
  }

  /** Rows per training, in table order (trainings in the order they first appear). */
  public Map<String, List<SubNetworkResult>> byTraining() {
    Map<String, List<SubNetworkResult>> out = new LinkedHashMap<>();
    for (SubNetworkResult r : rows) {
      out.computeIfAbsent(r.training(), k -> new ArrayList<>()).add(r);
    }
    return out;
  }

  /** Each training's Pareto front, by FLOPs. */
  public Map<String, List<SubNetworkResult>> paretoFronts() {
    Map<String, List<SubNetworkResult>> out = new LinkedHashMap<>();
    for (SubNetworkResult r : rows) {
      if (onParetoFront(r)) {
        out.computeIfAbsent(r.training(), k -> new ArrayList<>()).add(r);
      }
    }
    out.values().forEach(front -> front.sort(Comparator.comparingDouble(SubNetworkResult::flops)));
    return out;
  }

  /**
   * Selection without search at fractions of {@code fullFlops} (the full network's FLOPs), per
   * training: the choice at each budget that admits any sub-network.
   */
  public List<BudgetChoice> choicesAtBudgets(List<String> trainings, double fullFlops,
      double... fractions) {
    List<BudgetChoice> out = new ArrayList<>();
    for (String training : trainings) {
      for (double frac : fractions) {
        new Selection(frac * fullFlops, null, null, training).best(rows)
            .ifPresent(b -> out.add(new BudgetChoice(training, frac * fullFlops, frac, b)));
      }
    }
    return out;
  }

  /** The best sub-network of one training under {@code maxFlops} ({@code fraction} of the full network's). */
  public record BudgetChoice(String training, double maxFlops, double fraction,
      SubNetworkResult choice) {}
}
