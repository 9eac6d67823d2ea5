package dev.flotilla.driver.manifest;

import java.util.List;

/**
 * A committed unit found damaged when a driver started: what was wrong, and where its directory
 * was moved so nothing of it is half-trusted (the unit then runs again). Immutable.
 *
 * @param foundMillis when the driver found it
 * @param movedTo     the unit directory's new place, {@code _damaged/<id>-<time>}, or null if
 *                    nothing was left to move
 * @param problems    one line per problem, e.g. {@code model.bin: missing}
 */
public record DamageRecord(long foundMillis, String movedTo, List<String> problems) {

  public DamageRecord {
    problems = List.copyOf(problems);
  }
}
