package dev.flotilla.driver.schedule;

import dev.flotilla.executors.unit.UnitResult;

/** What the scheduler's loop reacts to; produced by Spark callbacks, consumed on one thread. */
sealed interface UnitEvent {

  String unitId();

  /** A task of the unit started on an executor. */
  record Started(String unitId, int attempt, int taskAttempt, String executorId, String host,
      long startMillis) implements UnitEvent {}

  /** A task of the unit died without a result (executor lost, killed, ...); Spark may re-run it. */
  record TaskLost(String unitId, int attempt, int taskAttempt, String executorId, String host,
      long startMillis, long endMillis, String reason) implements UnitEvent {}

  /** The unit's Spark job returned its result. */
  record Finished(String unitId, UnitResult result) implements UnitEvent {}

  /** Wakes the loop (the run is stopping); belongs to no unit. */
  record Wake() implements UnitEvent {
    @Override
    public String unitId() {
      return "";
    }
  }

  /** The unit's Spark job failed (Spark's task retries exhausted). */
  record JobFailed(String unitId, int attempt, String error) implements UnitEvent {}
}
