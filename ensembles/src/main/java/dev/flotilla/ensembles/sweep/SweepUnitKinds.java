package dev.flotilla.ensembles.sweep;

import dev.flotilla.executors.unit.UnitKindProvider;
import dev.flotilla.executors.unit.WorkUnit;
import java.util.Map;

/** Registers the sweep's training unit (see META-INF/services). */
public final class SweepUnitKinds implements UnitKindProvider {

  @Override
  public Map<String, Class<? extends WorkUnit>> unitKinds() {
    return Map.of(SweepTrainUnit.KIND, SweepTrainUnit.class);
  }
}
