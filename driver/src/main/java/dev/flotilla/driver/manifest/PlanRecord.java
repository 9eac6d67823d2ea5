package dev.flotilla.driver.manifest;

import java.util.List;

/**
 * A plan a run directory was made for: its unit ids, when it was first run, and how it got there
 * ({@code created}, or {@code extended} by {@code run --extend}). Immutable.
 */
public record PlanRecord(long createdMillis, String how, List<String> unitIds) {

  public PlanRecord {
    unitIds = List.copyOf(unitIds);
  }
}
