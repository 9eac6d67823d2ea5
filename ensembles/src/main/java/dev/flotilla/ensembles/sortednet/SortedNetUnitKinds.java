package dev.flotilla.ensembles.sortednet;

import dev.flotilla.executors.unit.UnitKindProvider;
import dev.flotilla.executors.unit.WorkUnit;
import java.util.Map;

/** Registers the SortedNet unit kinds (see META-INF/services). */
public final class SortedNetUnitKinds implements UnitKindProvider {

  @Override
  public Map<String, Class<? extends WorkUnit>> unitKinds() {
    return Map.of(SortedTrainUnit.KIND, SortedTrainUnit.class,
        SortedEvalUnit.KIND, SortedEvalUnit.class,
        IndependentTrainUnit.KIND, IndependentTrainUnit.class);
  }
}
