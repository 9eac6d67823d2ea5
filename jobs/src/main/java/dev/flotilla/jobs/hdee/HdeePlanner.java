package dev.flotilla.jobs.hdee;

import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.ensembles.hdee.BudgetPlanner;
import dev.flotilla.ensembles.hdee.BudgetRule;
import dev.flotilla.ensembles.hdee.ComputePlan;
import dev.flotilla.ensembles.hdee.DomainRef;
import dev.flotilla.ensembles.hdee.ExpertSize;
import dev.flotilla.ensembles.hdee.HdeeEnsembleUnit;
import dev.flotilla.ensembles.hdee.HdeeExpertUnit;
import dev.flotilla.ensembles.hdee.HdeeSeedUnit;
import dev.flotilla.ensembles.hdee.PlanKind;
import dev.flotilla.executors.unit.WorkUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hdee job's plan, a DAG: corpus units (one per domain) → seed models (one per size and
 * seed budget, shared by the plans that use the same) → every plan's domain experts (branched
 * from the seed of their size) → one ensemble unit per plan. With measured difficulty the experts
 * also read the reference seed (the homogeneous size's). Pure: the corpus was listed when the
 * config was read.
 */
public final class HdeePlanner {

  private final HdeeConfig config;
  private final int cpus;
  private final BudgetRule rule;
  private final List<String> train;
  private final List<PlannedUnit> units = new ArrayList<>();
  private final Map<String, PlannedUnit> corpusUnits = new LinkedHashMap<>();
  private final Map<String, PlannedUnit> seeds = new LinkedHashMap<>(); // unit id -> planned seed
  private List<DomainRef> evaluate;
  private List<DomainRef> trainRefs;
  private PlannedUnit reference;

  private HdeePlanner(HdeeConfig config, EngineSettings engine) {
    this.config = config;
    this.cpus = engine.cpusPerUnit();
    this.rule = config.rule();
    this.train = config.domains().train();
  }

  public static Plan plan(HdeeConfig config, EngineSettings engine) {
    return new HdeePlanner(config, engine).build();
  }

  private Plan build() {
    for (String d : config.corpus().bytes().keySet()) {
      PlannedUnit p = PlannedUnit.of(config.corpus().unit(d), cpus);
      corpusUnits.put(d, p);
      units.add(p);
    }
    evaluate = corpusUnits.entrySet().stream().map(e -> new DomainRef(e.getKey(), e.getValue().id())).toList();
    trainRefs = evaluate.stream().filter(d -> train.contains(d.name())).toList();
    if (config.difficulty() == HdeeConfig.Difficulty.MEASURED) {
      ExpertSize s = rule.sizes().get(rule.homogeneousSize());
      reference = seed(BudgetPlanner.plan(PlanKind.HOMOGENEOUS, rule, config.planningGroups()).seedOf(s));
    }
    for (PlanKind kind : config.plans()) {
      planOf(kind);
    }
    return new Plan(units);
  }

  /** One plan's seeds (unless another plan has them already), experts and ensemble. */
  private void planOf(PlanKind kind) {
    ComputePlan p = BudgetPlanner.plan(kind, rule, config.planningGroups());
    TreeMap<String, String> seedIds = new TreeMap<>();
    List<PlannedUnit> seedUnits = new ArrayList<>();
    for (ComputePlan.SeedRun s : p.seeds()) {
      PlannedUnit u = seed(s);
      seedIds.put(s.size().name(), u.id());
      seedUnits.add(u);
    }
    List<PlannedUnit> experts = new ArrayList<>();
    List<HdeeEnsembleUnit.Member> members = new ArrayList<>();
    for (String d : train) {
      List<PlannedUnit> inputs = new ArrayList<>(corpusUnits.values());
      inputs.addAll(seedUnits);
      if (reference != null && !inputs.contains(reference)) {
        inputs.add(reference);
      }
      HdeeExpertUnit e = new HdeeExpertUnit(kind, rule, d, config.declaredGroups(),
          reference == null ? null : reference.id(), train, seedIds, config.batchSize(), config.warmup(), evaluate,
          config.eval().windows());
      PlannedUnit pe = PlannedUnit.of(e, cpus, inputs);
      experts.add(pe);
      members.add(new HdeeEnsembleUnit.Member(d, pe.id()));
      units.add(pe);
    }
    List<PlannedUnit> inputs = new ArrayList<>(experts);
    inputs.addAll(corpusUnits.values());
    units.add(PlannedUnit.of(new HdeeEnsembleUnit(kind, members, evaluate, train, config.eval().combiners(),
        rule.sizes().get(0).spec().context(), config.eval().windows()), cpus, inputs));
  }

  /** The planned seed unit for a seed run; identical seeds of several plans are one unit. */
  private PlannedUnit seed(ComputePlan.SeedRun s) {
    // A seed trains on the training domains and scores every domain: it reads all corpus units.
    PlannedUnit u = PlannedUnit.of(new HdeeSeedUnit(s.size().name(), s.size().spec(), s.steps(), config.batchSize(),
        config.warmup(), trainRefs, evaluate, config.eval().windows()), cpus, List.copyOf(corpusUnits.values()));
    PlannedUnit known = seeds.get(u.id());
    if (known != null) {
      return known;
    }
    seeds.put(u.id(), u);
    units.add(u);
    return u;
  }

  /** What {@code flotilla plan} prints for a seed or expert: size, steps, tokens and FLOPs. */
  public static Map<String, Object> describe(HdeeConfig config, WorkUnit unit) {
    Map<String, Object> d = new LinkedHashMap<>();
    if (unit instanceof HdeeSeedUnit s) {
      d.put("size", s.size() + " (" + s.spec().describe() + ")");
      d.put("params", s.spec().parameters());
      d.put("steps", s.steps());
      d.put("tokens", s.steps() * s.batch() * (long) s.spec().context());
      d.put("flops", String.format(Locale.ROOT, "%.3g", s.flops()));
    } else if (unit instanceof HdeeExpertUnit e) {
      ComputePlan.ExpertRun run = e.declaredRun();
      d.put("plan", e.plan().configName());
      d.put("domain", e.domain());
      if (run == null) {
        d.put("size", "measured after the seed");
      } else {
        d.put("group", run.group());
        d.put("size", run.size().name() + " (" + run.size().spec().describe() + ")");
        d.put("params", run.size().spec().parameters());
        d.put("steps", run.steps());
        d.put("tokens", run.steps() * config.rule().tokensPerStep());
        d.put("flops", String.format(Locale.ROOT, "%.3g", run.flops()));
      }
    }
    return d;
  }
}
