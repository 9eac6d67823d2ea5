package dev.flotilla.driver.plan;

import java.util.List;
import java.util.PriorityQueue;

/**
 * Makespan forecast: list scheduling of units (in the given order) onto {@code slots} identical
 * slots, each unit taking the next free slot, exactly as Spark's FIFO scheduler hands out tasks.
 */
public record Forecast(int slots, double makespan, double lowerBound) {

  public static Forecast of(List<PlannedUnit> order, int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be >= 1, got " + slots);
    }
    if (order.stream().allMatch(u -> u.after().isEmpty())) {
      return independent(order, slots);
    }
    // Event simulation: the earliest free slot takes the first unit (in order) whose inputs
    // have all finished by then; if none is ready, the slot idles until the next input ends.
    PriorityQueue<Double> free = new PriorityQueue<>();
    for (int i = 0; i < slots; i++) {
      free.add(0.0);
    }
    java.util.Map<String, Double> endOf = new java.util.HashMap<>();
    java.util.List<PlannedUnit> waiting = new java.util.ArrayList<>(order);
    double makespan = 0;
    double total = 0;
    double max = 0;
    while (!waiting.isEmpty()) {
      double t = free.poll();
      PlannedUnit next = null;
      for (PlannedUnit u : waiting) {
        if (u.after().stream().allMatch(d -> endOf.containsKey(d) && endOf.get(d) <= t)) {
          next = u;
          break;
        }
      }
      if (next == null) {
        double soonest = endOf.values().stream().filter(e -> e > t).min(Double::compare)
            .orElseThrow(() -> new IllegalArgumentException("units wait for inputs outside the plan"));
        free.add(soonest);
        continue;
      }
      waiting.remove(next);
      double end = t + next.cost();
      endOf.put(next.id(), end);
      free.add(end);
      makespan = Math.max(makespan, end);
      total += next.cost();
      max = Math.max(max, next.cost());
    }
    return new Forecast(slots, makespan, lowerBound(total, max, slots));
  }

  /**
   * The same schedule when no unit waits for another: each unit in order takes the earliest free
   * slot. O(n log slots), for plans of 10^6 units (the general loop keeps every end time).
   */
  private static Forecast independent(List<PlannedUnit> order, int slots) {
    PriorityQueue<Double> free = new PriorityQueue<>();
    for (int i = 0; i < slots; i++) {
      free.add(0.0);
    }
    double makespan = 0;
    double total = 0;
    double max = 0;
    for (PlannedUnit u : order) {
      double end = free.poll() + u.cost();
      free.add(end);
      makespan = Math.max(makespan, end);
      total += u.cost();
      max = Math.max(max, u.cost());
    }
    return new Forecast(slots, makespan, lowerBound(total, max, slots));
  }

  /** No schedule beats max(total/slots, longest unit). */
  public static double lowerBound(double totalCost, double maxCost, int slots) {
    return Math.max(totalCost / slots, maxCost);
  }

  /** lowerBound / makespan: 1.0 is a perfect schedule. */
  public double efficiency() {
    return makespan == 0 ? 1.0 : lowerBound / makespan;
  }
}
