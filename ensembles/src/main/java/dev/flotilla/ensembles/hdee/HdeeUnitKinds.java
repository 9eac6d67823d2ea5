package dev.flotilla.ensembles.hdee;

import dev.flotilla.executors.unit.UnitKindProvider;
import dev.flotilla.executors.unit.WorkUnit;
import java.util.Map;

/** Registers the HDEE training and ensemble unit kinds (see META-INF/services). */
public final class HdeeUnitKinds implements UnitKindProvider {

  @Override
  public Map<String, Class<? extends WorkUnit>> unitKinds() {
    return Map.of(
        HdeeSeedUnit.KIND, HdeeSeedUnit.class,
        HdeeExpertUnit.KIND, HdeeExpertUnit.class,
        HdeeMeasuredExpertUnit.KIND, HdeeMeasuredExpertUnit.class,
        HdeeDenseUnit.KIND, HdeeDenseUnit.class,
        HdeeEnsembleUnit.KIND, HdeeEnsembleUnit.class);
  }
}
