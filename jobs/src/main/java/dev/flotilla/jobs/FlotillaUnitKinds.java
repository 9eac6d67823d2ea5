package dev.flotilla.jobs;

import dev.flotilla.executors.unit.UnitKindProvider;
import dev.flotilla.executors.unit.WorkUnit;
import dev.flotilla.jobs.burn.BurnUnit;
import dev.flotilla.jobs.corpus.CorpusUnit;
import dev.flotilla.jobs.hdee.HdeeEnsembleUnit;
import dev.flotilla.jobs.hdee.HdeeExpertUnit;
import dev.flotilla.jobs.hdee.HdeeSeedUnit;
import java.util.Map;

/** Registers the unit kinds of the jobs in this module (see META-INF/services). */
public final class FlotillaUnitKinds implements UnitKindProvider {

  @Override
  public Map<String, Class<? extends WorkUnit>> unitKinds() {
    return Map.ofEntries(
        Map.entry(BurnUnit.KIND, BurnUnit.class),
        Map.entry(CorpusUnit.KIND, CorpusUnit.class),
        Map.entry(HdeeSeedUnit.KIND, HdeeSeedUnit.class),
        Map.entry(HdeeExpertUnit.KIND, HdeeExpertUnit.class),
        Map.entry(HdeeEnsembleUnit.KIND, HdeeEnsembleUnit.class));
  }
}
