package dev.flotilla.driver.manifest;

/** Another live driver holds the run directory: the CLI's exit code 3, and nothing else is. */
public final class RunDirLockedException extends IllegalStateException {

  public RunDirLockedException(String message) {
    super(message);
  }
}
