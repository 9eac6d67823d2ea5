package dev.flotilla.jobs.sortednet;

import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.ensembles.sortednet.IndependentTrainUnit;
import dev.flotilla.ensembles.sortednet.SortedEvalUnit;
import dev.flotilla.ensembles.sortednet.SortedTrainUnit;
import dev.flotilla.ensembles.sortednet.SubNetwork;
import dev.flotilla.executors.unit.WorkUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SortedNet plan, a DAG: each sorted training, then its evaluation units (a batch of
 * sub-networks each, after the training), then the baseline sub-networks trained alone
 * (independent of the rest). Pure.
 */
public final class SortedNetPlanner {

  private SortedNetPlanner() {}

  public static Plan plan(SortedNetConfig c, EngineSettings engine) {
    List<PlannedUnit> units = new ArrayList<>();
    List<SubNetwork> all = c.grid().all();
    int per = c.eval().subnetworksPerUnit();
    for (SortedTrainUnit t : trainings(c)) {
      PlannedUnit train = PlannedUnit.of(t, engine.cpusPerUnit());
      units.add(train);
      for (int from = 0; from < all.size(); from += per) {
        List<SubNetwork> batch = all.subList(from, Math.min(all.size(), from + per));
        units.add(PlannedUnit.of(new SortedEvalUnit(train.id(), t.label(), c.spec(), batch,
            c.data().dir(), c.data().testLimit(), c.eval().latencyRepeats(), c.data().valid(),
            c.data().valid() == null ? 0 : c.data().trainLimit()), engine.cpusPerUnit(),
            List.of(train)));
      }
    }
    long seed = c.trainings().get(0).seed();
    for (SubNetwork s : c.baseline()) {
      units.add(PlannedUnit.of(IndependentTrainUnit.of(c.spec(), s, c.options(), seed, c.data().dir(),
          c.data().trainLimit(), c.data().testLimit(), c.data().valid()), engine.cpusPerUnit()));
    }
    return new Plan(units);
  }

  /** The sorted training units, one per {@code sortednet.trainings} entry. */
  public static List<SortedTrainUnit> trainings(SortedNetConfig c) {
    return c.trainings().stream().map(t -> new SortedTrainUnit(t.label(), c.spec(), c.grid(),
        t.policy(), c.options(), t.seed(), c.data().dir(), c.data().trainLimit(), c.data().valid()))
        .toList();
  }

  /** What a unit does and its training FLOPs, for {@code flotilla plan}. */
  public static Map<String, Object> describe(WorkUnit unit) {
    Map<String, Object> d = new LinkedHashMap<>();
    if (unit instanceof SortedTrainUnit t) {
      d.put("what", "sorted training, " + t.policy().kind() + ", " + t.options().steps() + " steps");
      d.put("train_flops", t.expectedTrainFlops());
    } else if (unit instanceof SortedEvalUnit e) {
      d.put("what", "evaluate " + e.subNetworks().size() + " sub-networks");
      d.put("train_flops", 0.0);
    } else if (unit instanceof IndependentTrainUnit s) {
      d.put("what", "independent " + s.subnetwork().label() + ", " + s.options().steps() + " steps");
      d.put("train_flops", s.trainFlops());
    }
    return d;
  }
}
