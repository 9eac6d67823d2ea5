package dev.flotilla.driver;

import dev.flotilla.driver.manifest.RunManifest;

/**
 * The run stopped before every unit was settled: the user asked (a signal) or the same error
 * kept failing every attempt. Committed units stay committed; the rest are pending for a rerun.
 */
public final class RunStoppedException extends RuntimeException {

  private final transient RunManifest manifest;
  private final boolean signalled;

  RunStoppedException(String runDir, String reason, boolean signalled, RunManifest manifest) {
    super("run in " + runDir + " stopped: " + reason + "; "
        + manifest.count(dev.flotilla.driver.manifest.UnitState.COMMITTED) + " of "
        + manifest.units.size() + " units are committed, rerun to resume the rest");
    this.signalled = signalled;
    this.manifest = manifest;
  }

  public RunManifest manifest() {
    return manifest;
  }

  /** True when a signal (SIGTERM, Ctrl-C) stopped it; false for a lasting fault. */
  public boolean signalled() {
    return signalled;
  }
}
