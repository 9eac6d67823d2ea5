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
