package dev.flotilla.driver.manifest;

/** State of a unit in the manifest. */
public enum UnitState {
  PENDING,
  RUNNING,
  COMMITTED,
  /** Every allowed attempt failed; the run ends with an error naming the unit. */
  FAILED
}
