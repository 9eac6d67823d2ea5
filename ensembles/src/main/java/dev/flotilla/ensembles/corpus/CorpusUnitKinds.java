package dev.flotilla.ensembles.corpus;

import dev.flotilla.executors.unit.UnitKindProvider;
import dev.flotilla.executors.unit.WorkUnit;
import java.util.Map;

/** Registers the corpus-building unit kinds (see META-INF/services). */
public final class CorpusUnitKinds implements UnitKindProvider {

  @Override
  public Map<String, Class<? extends WorkUnit>> unitKinds() {
    return Map.of(CorpusUnit.KIND, CorpusUnit.class, TokenizerTrainUnit.KIND, TokenizerTrainUnit.class,
        CorpusTokensUnit.KIND, CorpusTokensUnit.class);
  }
}
