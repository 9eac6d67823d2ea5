package dev.flotilla.jobs;

import dev.flotilla.executors.unit.UnitKindProvider;
import dev.flotilla.executors.unit.WorkUnit;
import dev.flotilla.jobs.burn.BurnUnit;
import java.util.Map;

/** Registers the unit kinds of the jobs in this module (see META-INF/services). */
public final class FlotillaUnitKinds implements UnitKindProvider {

  @Override
  public Map<String, Class<? extends WorkUnit>> unitKinds() {
    return Map.of(BurnUnit.KIND, BurnUnit.class);
  }
}
