package dev.flotilla.jobs.sweep;

import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.ensembles.sweep.SweepTrainUnit;
import dev.flotilla.executors.backend.ModelCost;
import dev.flotilla.executors.backend.ModelSpec;
import dev.flotilla.executors.unit.WorkUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sweep's plan: one training unit per grid point, all independent. Pure. */
public final class SweepPlanner {

  private SweepPlanner() {}

  public static Plan plan(SweepConfig c, EngineSettings engine) {
    List<PlannedUnit> units = new ArrayList<>();
    for (ModelSpec m : c.models()) {
      units.add(PlannedUnit.of(new SweepTrainUnit(c.backend(), m, c.data().dir(),
          c.data().trainLimit(), c.data().testLimit(), c.steps(), c.batchSize(), c.data().valid()),
          engine.cpusPerUnit()));
    }
    return new Plan(units);
  }

  /** Size, steps and training FLOPs of a sweep unit, for {@code flotilla plan}. */
  public static Map<String, Object> describe(WorkUnit unit) {
    SweepTrainUnit u = (SweepTrainUnit) unit;
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("params", ModelCost.parameters(u.model()));
    d.put("steps", u.steps());
    d.put("train_flops", u.trainFlops());
    return d;
  }
}
