package dev.flotilla.jobs.corpus;

import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.ensembles.corpus.CorpusUnit;
import dev.flotilla.executors.unit.WorkUnit;
import java.util.Map;

/** The corpus job's plan: one unit per domain, independent of each other. Pure. */
public final class CorpusPlanner {

  private CorpusPlanner() {}

  public static Plan plan(CorpusConfig config, EngineSettings engine) {
    return new Plan(config.source().units().stream().map(u -> PlannedUnit.of(u, engine.cpusPerUnit())).toList());
  }

  /** What {@code flotilla plan} prints for a unit. */
  public static Map<String, Object> describe(WorkUnit unit) {
    return unit instanceof CorpusUnit u ? Map.of("domain", u.domain(), "source_bytes", u.sourceBytes()) : Map.of();
  }
}
