package dev.flotilla.driver;

import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.schedule.UnitsPerTask;
import dev.flotilla.executors.unit.WorkUnit;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A validated job: how to run it (engine settings), what to run (its plan) and how to merge the
 * committed outputs. Implementations are immutable; {@link #plan()} is pure and runs no Spark.
 */
public interface JobSpec {

  /** Job kind from the registry, e.g. {@code sweep}. */
  String kind();

  EngineSettings engine();

  Plan plan();

  /** The resolved configuration, recorded in the manifest as it was used. */
  Map<String, Object> config();

  /** Job-specific columns that {@code flotilla plan} prints for a unit (sizes, FLOPs, steps). */
  default Map<String, Object> describe(WorkUnit unit) {
    return Map.of();
  }

  /**
   * Whether the plan's units are tiny and alike (data shards, evaluation batches), so that with
   * {@code engine.units-per-task = auto} several share a Spark task. False by default: a job of
   * long or varied units keeps one unit per task unless the config says otherwise.
   */
  default boolean tinyUnits() {
    return false;
  }

  /**
   * Units per Spark task for {@code units} on {@code slots} slots: {@code engine.units-per-task}
   * when set; for {@code auto}, {@link UnitsPerTask#choose} if the job declares tiny units, else 1.
   */
  default int unitsPerTask(List<PlannedUnit> units, int slots) {
    int set = engine().unitsPerTask();
    if (set != EngineSettings.UNITS_PER_TASK_AUTO) {
      return set;
    }
    return tinyUnits() ? UnitsPerTask.choose(units, slots) : 1;
  }

  /** Job-specific lines {@code flotilla plan} prints below the units (e.g. totals per plan); empty by default. */
  default String planNotes() {
    return "";
  }

  /**
   * Reads the committed unit outputs and writes the job's tables and charts into the report.
   * Called on the driver once every unit of the plan is committed.
   */
  void merge(MergeContext run, Report report) throws IOException;
}
