package dev.flotilla.jobs.corpus;

import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.ensembles.corpus.debian.DebianDifficultyUnit;
import dev.flotilla.ensembles.corpus.debian.DebianDomain;
import dev.flotilla.ensembles.corpus.debian.DebianDomainUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The corpus-debian plan: one extraction unit per domain, then one difficulty unit per domain
 * after the extraction of every training domain (they set the shared training-byte budget). Pure.
 */
public final class DebianCorpusPlanner {

  /** Bytes of context of the difficulty model, its training bytes (at most) and held-out bytes (at most). */
  static final int NGRAM_ORDER = 4;
  static final int TRAIN_MAX = 800_000;
  static final int TEST_MAX = 250_000;

  private DebianCorpusPlanner() {}

  public static Plan plan(DebianCorpusConfig config, EngineSettings engine) {
    Map<DebianDomain, PlannedUnit> extract = new LinkedHashMap<>();
    for (DebianDomain d : config.domains()) {
      Map<String, String> versions = new TreeMap<>();
      for (String p : d.packages()) {
        versions.put(p, config.packageVersions().get(p));
      }
      if (d == DebianDomain.MANPAGES && config.packageVersions().containsKey("groff-base")) {
        versions.put("groff-base", config.packageVersions().get("groff-base"));
      }
      extract.put(d, PlannedUnit.of(new DebianDomainUnit(d.domainName(), config.unpacked(), versions,
          config.maxBytesPerDomain(), config.maxDocBytes()), engine.cpusPerUnit()));
    }
    List<PlannedUnit> training = extract.entrySet().stream().filter(e -> e.getKey().training())
        .map(Map.Entry::getValue).toList();
    List<PlannedUnit> units = new ArrayList<>(extract.values());
    for (Map.Entry<DebianDomain, PlannedUnit> e : extract.entrySet()) {
      List<PlannedUnit> inputs = new ArrayList<>(training);
      if (!e.getKey().training()) {
        inputs.add(e.getValue());
      }
      units.add(PlannedUnit.of(new DebianDifficultyUnit(e.getKey().domainName(), e.getValue().id(),
          training.stream().map(PlannedUnit::id).toList(), NGRAM_ORDER, TRAIN_MAX, TEST_MAX), 1, inputs));
    }
    return new Plan(units);
  }
}
