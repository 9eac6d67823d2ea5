package dev.flotilla.driver.plan;

import dev.flotilla.executors.unit.UnitCodec;
import dev.flotilla.executors.unit.WorkUnit;
import java.util.List;
import java.util.Objects;

/**
 * A unit as placed in a plan: its stable id, cost estimate, cpu request, and the ids of units
 * that must be committed before it starts ({@code after}; their outputs are its inputs).
 * Immutable.
 */
public record PlannedUnit(String id, WorkUnit unit, double cost, int cpus, List<String> after) {

  public PlannedUnit {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(unit, "unit");
    if (!(cost >= 0) || Double.isInfinite(cost)) {
      throw new IllegalArgumentException("unit " + unit.name() + ": cost must be finite and >= 0, got " + cost);
    }
    if (cpus < 1) {
      throw new IllegalArgumentException("unit " + unit.name() + ": cpus must be >= 1, got " + cpus);
    }
    after = List.copyOf(after);
  }

  public PlannedUnit(String id, WorkUnit unit, double cost, int cpus) {
    this(id, unit, cost, cpus, List.of());
  }

  public static PlannedUnit of(WorkUnit unit, int cpus) {
    return new PlannedUnit(UnitCodec.idOf(unit), unit, unit.cost(), cpus, List.of());
  }

  /** A unit that reads the committed outputs of {@code inputs}. */
  public static PlannedUnit of(WorkUnit unit, int cpus, List<PlannedUnit> inputs) {
    return new PlannedUnit(UnitCodec.idOf(unit), unit, unit.cost(), cpus,
        inputs.stream().map(PlannedUnit::id).toList());
  }

  public String kind() {
    return unit.kind();
  }

  public String name() {
    return unit.name();
  }
}
