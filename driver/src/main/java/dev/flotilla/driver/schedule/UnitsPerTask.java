package dev.flotilla.driver.schedule;

import dev.flotilla.driver.plan.PlannedUnit;
import java.util.List;

/**
 * How many tiny units share a Spark task when {@code engine.units-per-task = auto} and the job
 * declares its units tiny and alike: enough that a task lasts about {@link #TARGET_TASK_SECONDS}
 * (one Spark job costs ~50 ms of scheduling, {@code bench-engine}), few enough that every slot
 * still gets {@link #MIN_TASKS_PER_SLOT} tasks (so slots stay balanced and a lost task reruns
 * little). Pure.
 */
public final class UnitsPerTask {

  static final double TARGET_TASK_SECONDS = 0.5;
  static final int MIN_TASKS_PER_SLOT = 4;
  /**
   * What one unit costs the engine besides its own work (attempt dir, records, commit, journal):
   * ~10 ms per no-op unit in {@code bench-engine-scale}. Keeps a cost estimate of 0 from asking
   * for unbounded tasks.
   */
  static final double ENGINE_SECONDS_PER_UNIT = 0.01;

  private UnitsPerTask() {}

  /**
   * @param units the units to run (their cost estimates, in seconds of one core)
   * @param slots tasks that run at once
   */
  public static int choose(List<PlannedUnit> units, int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be >= 1, got " + slots);
    }
    if (units.isEmpty()) {
      return 1;
    }
    double perUnit = medianCost(units) + ENGINE_SECONDS_PER_UNIT;
    long forDuration = (long) Math.ceil(TARGET_TASK_SECONDS / perUnit);
    long forBalance = units.size() / ((long) MIN_TASKS_PER_SLOT * slots);
    return (int) Math.max(1, Math.min(forDuration, forBalance));
  }

  /** The typical unit's cost: a few outliers (a merge unit among shards) do not move it. */
  private static double medianCost(List<PlannedUnit> units) {
    double[] costs = units.stream().mapToDouble(PlannedUnit::cost).sorted().toArray();
    return costs[costs.length / 2];
  }
}
