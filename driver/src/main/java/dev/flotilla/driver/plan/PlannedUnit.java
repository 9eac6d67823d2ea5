package dev.flotilla.driver.plan;

import dev.flotilla.executors.unit.UnitCodec;
import dev.flotilla.executors.unit.WorkUnit;
import java.util.Objects;

/** A unit as placed in a plan: its stable id, cost estimate and cpu request. Immutable. */
public record PlannedUnit(String id, WorkUnit unit, double cost, int cpus) {

  public PlannedUnit {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(unit, "unit");
    if (!(cost >= 0) || Double.isInfinite(cost)) {
      throw new IllegalArgumentException("unit " + unit.name() + ": cost must be finite and >= 0, got " + cost);
    }
    if (cpus < 1) {
      throw new IllegalArgumentException("unit " + unit.name() + ": cpus must be >= 1, got " + cpus);
    }
  }

  public static PlannedUnit of(WorkUnit unit, int cpus) {
    return new PlannedUnit(UnitCodec.idOf(unit), unit, unit.cost(), cpus);
  }

  public String kind() {
    return unit.kind();
  }

  public String name() {
    return unit.name();
  }
}
