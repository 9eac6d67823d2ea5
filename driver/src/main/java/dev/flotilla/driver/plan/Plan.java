package dev.flotilla.driver.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The units of a job, in the job's order. Immutable; ids are unique; a unit's {@code after}
 * names only units listed before it, so the plan order is a valid execution order.
 */
public record Plan(List<PlannedUnit> units) {

  public Plan {
    units = List.copyOf(units);
    Set<String> seen = new HashSet<>();
    for (PlannedUnit u : units) {
      for (String dep : u.after()) {
        if (!seen.contains(dep)) {
          throw new IllegalArgumentException("unit " + u.name() + " [" + u.id() + "] needs " + dep
              + ", which is not an earlier unit of the plan");
        }
      }
      if (!seen.add(u.id())) {
        throw new IllegalArgumentException("two units of the plan have the same spec (id " + u.id()
            + "): a unit is a pure function of its spec, so one of them is redundant");
      }
    }
  }

  public double totalCost() {
    return units.stream().mapToDouble(PlannedUnit::cost).sum();
  }

  public double maxCost() {
    return units.stream().mapToDouble(PlannedUnit::cost).max().orElse(0);
  }

  /**
   * Longest processing time first: the classic greedy list-scheduling order, within 4/3 of the
   * optimal makespan on identical slots. Ties keep the plan's order (the sort is stable).
   */
  public List<PlannedUnit> longestFirst() {
    List<PlannedUnit> sorted = new ArrayList<>(units);
    sorted.sort(Comparator.comparingDouble(PlannedUnit::cost).reversed());
    return sorted;
  }
}
