package dev.flotilla.datafiltering.dfn;

import dev.flotilla.executors.unit.UnitKindProvider;
import dev.flotilla.executors.unit.WorkUnit;
import java.util.Map;

/** Registers the dfn job's unit kinds (see META-INF/services of this module). */
public final class DfnUnitKinds implements UnitKindProvider {

  @Override
  public Map<String, Class<? extends WorkUnit>> unitKinds() {
    return Map.of(
        DfnPoolUnit.KIND, DfnPoolUnit.class,
        DfnTrainUnit.KIND, DfnTrainUnit.class,
        DfnScoreUnit.KIND, DfnScoreUnit.class,
        DfnThresholdUnit.KIND, DfnThresholdUnit.class,
        DfnKeepUnit.KIND, DfnKeepUnit.class,
        DfnCurateUnit.KIND, DfnCurateUnit.class,
        DfnDownstreamUnit.KIND, DfnDownstreamUnit.class);
  }
}
