package dev.flotilla.executors.unit;

/** How one attempt of a unit ended, as seen by the task that ran it. */
public enum UnitStatus {
  /** This attempt's output was renamed into place. */
  COMMITTED,
  /** Another attempt had already committed; this one wrote nothing visible. */
  ALREADY_COMMITTED,
  /** The unit threw; nothing was committed. The driver may retry it. */
  FAILED
}
