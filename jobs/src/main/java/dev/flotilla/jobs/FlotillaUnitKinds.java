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
    return Map.ofEntries(
        Map.entry(SweepTrainUnit.KIND, SweepTrainUnit.class),
        Map.entry(BurnUnit.KIND, BurnUnit.class),
        Map.entry(SortedTrainUnit.KIND, SortedTrainUnit.class),
        Map.entry(SortedEvalUnit.KIND, SortedEvalUnit.class),
        Map.entry(DfnPoolUnit.KIND, DfnPoolUnit.class),
        Map.entry(DfnTrainUnit.KIND, DfnTrainUnit.class),
        Map.entry(DfnScoreUnit.KIND, DfnScoreUnit.class),
        Map.entry(DfnCurateUnit.KIND, DfnCurateUnit.class),
        Map.entry(DfnDownstreamUnit.KIND, DfnDownstreamUnit.class));
  }
}
