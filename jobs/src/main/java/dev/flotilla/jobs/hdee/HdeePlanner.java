package dev.flotilla.jobs.hdee;

import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.ensembles.corpus.CorpusTokensUnit;
import dev.flotilla.ensembles.corpus.TokenizerTrainUnit;
import dev.flotilla.ensembles.hdee.BudgetPlanner;
import dev.flotilla.ensembles.hdee.ComputePlan;
import dev.flotilla.ensembles.hdee.DomainRef;
import dev.flotilla.ensembles.hdee.ExpertSize;
import dev.flotilla.ensembles.hdee.HdeeDenseUnit;
import dev.flotilla.ensembles.hdee.HdeeEnsembleUnit;
import dev.flotilla.ensembles.hdee.HdeeExpertUnit;
import dev.flotilla.ensembles.hdee.HdeeMeasuredExpertUnit;
import dev.flotilla.ensembles.hdee.HdeeSeedUnit;
import dev.flotilla.ensembles.hdee.Lineage;
import dev.flotilla.ensembles.hdee.PlanKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hdee job's plan, a DAG: corpus units (one per domain) → seed models (one per size, shared by
 * the plans that use the same) → every plan's lineages of experts (the first branched from the
 * seed of its size, each next one from the one before) → one ensemble unit per plan, of the last
 * expert of every lineage. Experts identical in several plans are one unit. With measured
 * difficulty the experts are independent and also read the reference seed (the homogeneous
 * size's). Pure: the corpus was listed when the config was read.
 */
public final class HdeePlanner {

  /**
   * One plan's units by id: its seeds, its experts lineage by lineage, and its ensemble.
   *
   * @param compute sizes, steps and FLOPs (null for measured difficulty: known when experts run)
   */
  public record PlanLayout(PlanKind kind, ComputePlan compute, List<String> seeds, List<List<String>> lineages,
      String ensemble) {

    public PlanLayout {
      seeds = List.copyOf(seeds);
      lineages = lineages.stream().map(List::copyOf).toList();
    }

    public List<String> experts() {
      return lineages.stream().flatMap(List::stream).toList();
    }
  }

  private final HdeeConfig config;
  private final int cpus;
  private final List<String> train;
  private final List<PlannedUnit> units = new ArrayList<>();
  private final Map<String, PlannedUnit> corpusUnits = new LinkedHashMap<>();
  private final Map<String, PlannedUnit> planned = new LinkedHashMap<>(); // unit id -> seeds and experts so far
  private final List<PlanLayout> layouts = new ArrayList<>();
  private List<DomainRef> evaluate;
  private List<DomainRef> trainRefs;
  private PlannedUnit reference;

  private HdeePlanner(HdeeConfig config, int cpus) {
    this.config = config;
    this.cpus = cpus;
    this.train = config.domains().train();
  }

  public static Plan plan(HdeeConfig config, EngineSettings engine) {
    return new HdeePlanner(config, engine.cpusPerUnit()).build();
  }

  /** Which units make up each plan, in config order (ids as in {@link #plan}). */
  public static List<PlanLayout> layouts(HdeeConfig config) {
    HdeePlanner p = new HdeePlanner(config, 1);
    p.build();
    return List.copyOf(p.layouts);
  }

  private Plan build() {
    for (String d : config.corpus().bytes().keySet()) {
      PlannedUnit p = PlannedUnit.of(config.corpus().unit(d), cpus);
      corpusUnits.put(d, p);
      units.add(p);
    }
    if (!config.tokenizer().bytes()) {
      tokenize();
    }
    int vocab = config.tokenizer().vocab();
    evaluate = corpusUnits.entrySet().stream().map(e -> new DomainRef(e.getKey(), e.getValue().id(), vocab)).toList();
    trainRefs = evaluate.stream().filter(d -> train.contains(d.name())).toList();
    if (config.difficulty() == HdeeConfig.Difficulty.MEASURED) {
      ExpertSize s = config.rule().sizes().get(config.rule().homogeneousSize());
      reference = seed(BudgetPlanner.plan(PlanKind.HOMOGENEOUS, config.rule(), config.planningGroups()).seedOf(s));
    }
    for (PlanKind kind : config.plans()) {
      layouts.add(kind.dense() ? densePlan() : config.lineages() == null ? measuredPlan(kind) : planOf(kind));
    }
    return new Plan(units);
  }

  /**
   * The byte shards re-tokenized, domain by domain, with the user's tokenizer.json or one trained
   * on the training domains' train splits; models then read these units' shards.
   */
  private void tokenize() {
    HdeeTokenizer t = config.tokenizer();
    PlannedUnit trained = null;
    if (t.file() == null) {
      List<PlannedUnit> inputs = train.stream().map(corpusUnits::get).toList();
      long bytes = train.stream().mapToLong(d -> config.corpus().bytes().get(d)).sum();
      trained = PlannedUnit.of(new TokenizerTrainUnit(inputs.stream().map(PlannedUnit::id).toList(), t.vocabSize(),
          bytes), cpus, inputs);
      units.add(trained);
    }
    for (Map.Entry<String, PlannedUnit> e : corpusUnits.entrySet()) {
      List<PlannedUnit> inputs = trained == null ? List.of(e.getValue()) : List.of(e.getValue(), trained);
      PlannedUnit tokens = PlannedUnit.of(new CorpusTokensUnit(e.getKey(), e.getValue().id(), t.file(),
          trained == null ? null : trained.id(), config.corpus().bytes().get(e.getKey())), cpus, inputs);
      units.add(tokens);
      e.setValue(tokens);
    }
  }

  /** One plan's seeds, lineages of experts and ensemble; units another plan has already are reused. */
  private PlanLayout planOf(PlanKind kind) {
    List<Lineage> lineages = config.lineages();
    ComputePlan p = BudgetPlanner.plan(kind, config.rule(), lineages);
    Map<String, PlannedUnit> seedOf = new TreeMap<>();
    p.seeds().forEach(s -> seedOf.put(s.size().name(), seed(s)));
    List<List<String>> ids = new ArrayList<>();
    List<PlannedUnit> last = new ArrayList<>();
    List<HdeeEnsembleUnit.Member> members = new ArrayList<>();
    for (int l = 0; l < lineages.size(); l++) {
      PlannedUnit parent = seedOf.get(p.lineage(l).get(0).size().name());
      List<String> chain = new ArrayList<>();
      List<ComputePlan.ExpertRun> runs = p.lineage(l);
      for (ComputePlan.ExpertRun run : runs) {
        // Only an ensemble member (a lineage's last expert) is scored on every domain; the others
        // on their own, enough for the learning curve along the lineage.
        boolean member = run.iteration() == runs.size() - 1;
        List<DomainRef> scored = member ? evaluate
            : evaluate.stream().filter(d -> d.name().equals(run.domain())).toList();
        HdeeExpertUnit e = new HdeeExpertUnit(run.domain(), run.group(), run.iteration(), run.size().name(),
            run.size().spec(), run.steps(), config.experts().phase().schedule(run.size().spec(), p.horizon()),
            parent.id(), config.batchSize(), scored, config.eval().windows());
        List<PlannedUnit> inputs = new ArrayList<>(corpusUnits.values());
        inputs.add(parent);
        parent = shared(PlannedUnit.of(e, cpus, inputs));
        chain.add(parent.id());
      }
      ids.add(chain);
      last.add(parent);
      members.add(new HdeeEnsembleUnit.Member(lineages.get(l).last(), parent.id()));
    }
    PlannedUnit ensemble = ensemble(kind, members, last);
    return new PlanLayout(kind, p, seedOf.values().stream().map(PlannedUnit::id).toList(), ids, ensemble.id());
  }

  /** The dense baseline: the homogeneous seed continued on the domain mix with a plan's expert budget. */
  private PlanLayout densePlan() {
    ComputePlan p = config.lineages() != null ? BudgetPlanner.plan(PlanKind.DENSE, config.rule(), config.lineages())
        : BudgetPlanner.plan(PlanKind.DENSE, config.rule(), config.planningGroups());
    ComputePlan.ExpertRun run = p.experts().get(0);
    List<PlannedUnit> inputs = new ArrayList<>(corpusUnits.values());
    List<String> seedIds = new ArrayList<>();
    String initFrom = null;
    if (!p.seeds().isEmpty()) {
      PlannedUnit seed = seed(p.seeds().get(0));
      inputs.add(seed);
      seedIds.add(seed.id());
      initFrom = seed.id();
    }
    PlannedUnit dense = shared(PlannedUnit.of(new HdeeDenseUnit(run.size().name(), run.size().spec(), run.steps(),
        config.experts().phase().schedule(run.size().spec(), p.horizon()), initFrom, config.batchSize(), trainRefs,
        evaluate, config.eval().windows()), cpus, inputs));
    PlannedUnit ensemble = ensemble(PlanKind.DENSE, List.of(new HdeeEnsembleUnit.Member(BudgetPlanner.MIX, dense.id())),
        List.of(dense));
    return new PlanLayout(PlanKind.DENSE, p, seedIds, List.of(List.of(dense.id())), ensemble.id());
  }

  /** Measured difficulty: independent experts whose size and steps are derived when they run. */
  private PlanLayout measuredPlan(PlanKind kind) {
    ComputePlan p = BudgetPlanner.plan(kind, config.rule(), config.planningGroups());
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
      if (!inputs.contains(reference)) {
        inputs.add(reference);
      }
      HdeeMeasuredExpertUnit e = new HdeeMeasuredExpertUnit(kind, config.rule(), config.experts().phase(), d,
          reference.id(), train, seedIds, config.batchSize(), evaluate, config.eval().windows());
      PlannedUnit pe = shared(PlannedUnit.of(e, cpus, inputs));
      experts.add(pe);
      members.add(new HdeeEnsembleUnit.Member(d, pe.id()));
    }
    PlannedUnit ensemble = ensemble(kind, members, experts);
    return new PlanLayout(kind, null, List.copyOf(seedIds.values()),
        experts.stream().map(u -> List.of(u.id())).toList(), ensemble.id());
  }

  private PlannedUnit ensemble(PlanKind kind, List<HdeeEnsembleUnit.Member> members, List<PlannedUnit> experts) {
    List<PlannedUnit> inputs = new ArrayList<>(experts);
    inputs.addAll(corpusUnits.values());
    PlannedUnit u = PlannedUnit.of(new HdeeEnsembleUnit(kind, members, evaluate, train, config.eval().combiners(),
        config.sizes().get(0).spec().context(), config.eval().windows(), config.eval().bootstrap()), cpus, inputs);
    units.add(u);
    return u;
  }

  /** The planned seed unit for a seed run; identical seeds of several plans are one unit. */
  private PlannedUnit seed(ComputePlan.SeedRun s) {
    // A seed trains on the training domains and scores every domain: it reads all corpus units.
    return shared(PlannedUnit.of(new HdeeSeedUnit(s.size().name(), s.size().spec(), s.steps(), config.batchSize(),
        config.warmup(), trainRefs, evaluate, config.eval().windows()), cpus, List.copyOf(corpusUnits.values())));
  }

  /** The unit already planned with the same id (so the same spec), else {@code u}, now planned. */
  private PlannedUnit shared(PlannedUnit u) {
    PlannedUnit known = planned.get(u.id());
    if (known != null) {
      return known;
    }
    planned.put(u.id(), u);
    units.add(u);
    return u;
  }
}
