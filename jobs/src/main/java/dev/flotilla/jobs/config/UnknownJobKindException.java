package dev.flotilla.jobs.config;

/** A config names a job kind that has no reference config; the registry adds the known kinds. */
public final class UnknownJobKindException extends IllegalArgumentException {

  public UnknownJobKindException(String message) {
    super(message);
  }
}
