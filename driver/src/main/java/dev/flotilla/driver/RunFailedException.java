package dev.flotilla.driver;

import dev.flotilla.driver.manifest.RunManifest;
import java.util.List;

/**
 * Some units of a run failed every allowed attempt. The others are committed, and the manifest
 * (also returned here) records every attempt; rerunning on the same run dir retries only these.
 */
public final class RunFailedException extends RuntimeException {

  private final transient RunManifest manifest;
  private final List<String> failedUnits;

  public RunFailedException(String message, RunManifest manifest, List<String> failedUnits) {
    super(message);
    this.manifest = manifest;
    this.failedUnits = List.copyOf(failedUnits);
  }

  public RunManifest manifest() {
    return manifest;
  }

  public List<String> failedUnits() {
    return failedUnits;
  }
}
