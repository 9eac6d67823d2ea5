package dev.flotilla.jobs.burn;

import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import java.util.ArrayList;
import java.util.List;

/** The burn plan: one unit per entry of {@code burn.seconds}, all independent. Pure. */
public final class BurnPlanner {

  private BurnPlanner() {}

  public static Plan plan(BurnConfig c, EngineSettings engine) {
    List<PlannedUnit> units = new ArrayList<>();
    for (int i = 0; i < c.seconds().size(); i++) {
      units.add(PlannedUnit.of(new BurnUnit(i, c.seconds().get(i)), engine.cpusPerUnit()));
    }
    return new Plan(units);
  }
}
