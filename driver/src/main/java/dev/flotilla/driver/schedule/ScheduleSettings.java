package dev.flotilla.driver.schedule;

/**
 * What the scheduler needs of the engine settings: retries, the run seed every unit's seed
 * derives from, checkpoint spacing, whether to draw the progress bar, units per Spark task.
 * Immutable.
 */
public record ScheduleSettings(int unitRetries, long seed, int checkpointEvery, boolean progress,
    int unitsPerTask) {

  public ScheduleSettings(int unitRetries, long seed, int checkpointEvery, boolean progress) {
    this(unitRetries, seed, checkpointEvery, progress, 1);
  }
}
