package dev.flotilla.ensembles.corpus;

import dev.flotilla.executors.unit.UnitKindProvider;
import dev.flotilla.executors.unit.WorkUnit;
import java.util.Map;

/** Registers the corpus-building unit kinds (see META-INF/services). */
public final class CorpusUnitKinds implements UnitKindProvider {

  @Override
  public Map<String, Class<? extends WorkUnit>> unitKinds() {
    return Map.of(CorpusUnit.KIND, CorpusUnit.class, TokenizerTrainUnit.KIND, TokenizerTrainUnit.class,
        CorpusTokensUnit.KIND, CorpusTokensUnit.class,
        dev.flotilla.ensembles.corpus.debian.DebianDomainUnit.KIND, dev.flotilla.ensembles.corpus.debian.DebianDomainUnit.class,
        dev.flotilla.ensembles.corpus.debian.DebianDifficultyUnit.KIND,
        dev.flotilla.ensembles.corpus.debian.DebianDifficultyUnit.class);
  }
}
