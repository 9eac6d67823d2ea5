package dev.flotilla.driver.schedule;

/**
 * What the scheduler needs of the engine settings: retries, the run seed every unit's seed
 * derives from, checkpoint spacing, whether to draw the progress bar, units per Spark task, GPUs
 * each unit asks for. Immutable.
 */
public record ScheduleSettings(int unitRetries, long seed, int checkpointEvery, boolean progress,
    int unitsPerTask, int gpusPerUnit) {

  public ScheduleSettings(int unitRetries, long seed, int checkpointEvery, boolean progress, int unitsPerTask) {
    this(unitRetries, seed, checkpointEvery, progress, unitsPerTask, 0);
  }

  public ScheduleSettings(int unitRetries, long seed, int checkpointEvery, boolean progress) {
    this(unitRetries, seed, checkpointEvery, progress, 1);
  }
}
