package dev.flotilla.driver.manifest;

/**
 * One attempt of a unit as the driver saw it. {@code outcome} is a {@code UnitStatus} name, or
 * {@code TASK_LOST} (the task died with its executor and Spark re-ran it) or {@code JOB_FAILED}
 * (Spark gave up on the task). {@code driverRun} indexes {@link RunManifest#drivers()}.
 */
public record AttemptRecord(int attempt, int taskAttempt, String executorId, String host,
    long pid, String outcome, long startMillis, long endMillis, long resumedFromStep,
    String error, int driverRun) {

  public double seconds() {
    return endMillis > startMillis ? (endMillis - startMillis) / 1000.0 : 0;
  }
}
