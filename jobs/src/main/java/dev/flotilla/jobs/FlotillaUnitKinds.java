package dev.flotilla.jobs;

import dev.flotilla.executors.unit.UnitKindProvider;
import dev.flotilla.executors.unit.WorkUnit;
import dev.flotilla.jobs.burn.BurnUnit;
import dev.flotilla.jobs.sortednet.SortedEvalUnit;
import dev.flotilla.jobs.sortednet.SortedTrainUnit;
import dev.flotilla.jobs.sweep.SweepTrainUnit;
import dev.flotilla.jobs.dfn.DfnCurateUnit;
import dev.flotilla.jobs.dfn.DfnDownstreamUnit;
import dev.flotilla.jobs.dfn.DfnPoolUnit;
import dev.flotilla.jobs.dfn.DfnScoreUnit;
import dev.flotilla.jobs.dfn.DfnTrainUnit;
import java.util.Map;

/** Registers the unit kinds of the jobs in this module (see META-INF/services). */
public final class FlotillaUnitKinds implements UnitKindProvider {

  @Override
  public Map<String, Class<? extends WorkUnit>> unitKinds() {
    return Map.of(
        SweepTrainUnit.KIND, SweepTrainUnit.class,
        BurnUnit.KIND, BurnUnit.class,
        SortedTrainUnit.KIND, SortedTrainUnit.class,
        SortedEvalUnit.KIND, SortedEvalUnit.class,
        DfnPoolUnit.KIND, DfnPoolUnit.class,
        DfnTrainUnit.KIND, DfnTrainUnit.class,
        DfnScoreUnit.KIND, DfnScoreUnit.class,
        DfnCurateUnit.KIND, DfnCurateUnit.class,
        DfnDownstreamUnit.KIND, DfnDownstreamUnit.class);
  }
}
