package dev.flotilla.driver;

import java.util.List;

/**
 * The run directory was made for another plan (a different config): refused before anything
 * runs, listing the units the new plan adds and drops. {@link Flotilla#extend} accepts it.
 */
public final class PlanMismatchException extends IllegalArgumentException {

  private final List<String> added;
  private final List<String> removed;

  public PlanMismatchException(String runDir, List<String> added, List<String> removed) {
    super("run dir " + runDir + " was made for another plan: this config adds " + added.size()
        + " unit(s)" + sample(added) + " and drops " + removed.size() + " unit(s)" + sample(removed)
        + ". Use a new engine.run-dir, or add --extend to grow this run with the new units "
        + "(recorded in its manifest).");
    this.added = List.copyOf(added);
    this.removed = List.copyOf(removed);
  }

  private static String sample(List<String> ids) {
    if (ids.isEmpty()) {
      return "";
    }
    return " " + (ids.size() <= 5 ? ids : ids.subList(0, 5) + "...");
  }

  public List<String> added() {
    return added;
  }

  public List<String> removed() {
    return removed;
  }
}
