package dev.flotilla.jobs.hdee;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.ensembles.hdee.BudgetPlanner;
import dev.flotilla.ensembles.hdee.BudgetRule;
import dev.flotilla.ensembles.hdee.Combiner;
import dev.flotilla.ensembles.hdee.ComputePlan;
import dev.flotilla.ensembles.hdee.EnsembleArtifact;
import dev.flotilla.ensembles.hdee.ExpertSize;
import dev.flotilla.ensembles.hdee.PlanKind;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.lm.LanguageModel;
import dev.flotilla.executors.lm.LmSpec;
import dev.flotilla.executors.rundir.AtomicFiles;
import dev.flotilla.executors.unit.WorkUnit;
import dev.flotilla.jobs.config.JobConfig;
import dev.flotilla.jobs.corpus.CorpusSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The {@code hdee} job (Heterogeneous Domain Expert Ensembles): corpus units (one per domain),
 * seed models (one per size and seed budget), domain experts of every plan (branched from the
 * seed of their size, no communication between them), one ensemble unit per plan (combiners,
 * cached priors, the ensemble artifact), merged into per-domain perplexity tables and charts.
 * Every plan spends the same FLOPs budget ({@link BudgetPlanner}).
 */
public record HdeeJob(EngineSettings engine, Map<String, Object> config, CorpusSource corpus,
    List<String> trainDomains, List<String> evalOnly, Map<String, Integer> declaredGroups, String backend,
    BudgetRule rule, List<PlanKind> plans, int batch, double warmup, int evalWindows, List<String> combiners,
    String reportCombiner) implements JobSpec {

  public static final String KIND = "hdee";
  private static final ObjectMapper JSON = new ObjectMapper();

  public HdeeJob {
    config = Map.copyOf(config);
    trainDomains = List.copyOf(trainDomains);
    evalOnly = List.copyOf(evalOnly);
    declaredGroups = declaredGroups == null ? null : new TreeMap<>(declaredGroups);
    plans = List.copyOf(plans);
    combiners = List.copyOf(combiners);
  }

  /** Reads {@code hdee.*} into a validated job; the corpus folder is scanned here, on the driver. */
  public static JobSpec fromConfig(Config c, EngineSettings engine) {
    List<List<String>> groups = new ArrayList<>();
    for (Object g : c.getList("hdee.domains.groups").unwrapped()) {
      if (!(g instanceof List<?> names) || names.isEmpty()) {
        throw new IllegalArgumentException("hdee.domains.groups: each group must be a non-empty list of domain "
            + "names (easiest group first), got " + g);
      }
      groups.add(names.stream().map(Object::toString).toList());
    }
    List<String> train = groups.stream().flatMap(List::stream).toList();
    if (new LinkedHashSet<>(train).size() != train.size()) {
      throw new IllegalArgumentException("hdee.domains.groups names a domain twice: " + train);
    }
    List<String> evalOnly = c.getStringList("hdee.domains.eval-only");
    for (String d : evalOnly) {
      if (train.contains(d)) {
        throw new IllegalArgumentException("hdee.domains.eval-only: " + d + " is also a training domain");
      }
    }
    String difficulty = c.getString("hdee.difficulty");
    if (!Set.of("declared", "measured").contains(difficulty)) {
      throw new IllegalArgumentException("hdee.difficulty = " + difficulty + ": must be declared or measured");
    }
    String backend = c.getString("hdee.backend");
    var lmBackend = Backends.get(backend, LanguageModel.FAMILY);
    String kind = lmBackend.kinds().iterator().next();
    List<ExpertSize> sizes = sizes(c, kind);
    if ("declared".equals(difficulty) && groups.size() != sizes.size()) {
      throw new IllegalArgumentException("hdee.domains.groups has " + groups.size() + " difficulty groups but hdee.sizes has "
          + sizes.size() + " sizes; they pair up (easiest group with the smallest size)");
    }
    if (train.size() < sizes.size()) {
      throw new IllegalArgumentException("hdee needs at least " + sizes.size() + " training domains, got " + train);
    }
    String homogeneous = c.getString("hdee.budget.homogeneous-size");
    int homIndex = sizes.stream().map(ExpertSize::name).toList().indexOf(homogeneous);
    if (homIndex < 0) {
      throw new IllegalArgumentException("hdee.budget.homogeneous-size = " + homogeneous + " is not one of hdee.sizes "
          + sizes.stream().map(ExpertSize::name).toList());
    }
    int batch = c.getInt("hdee.batch-size");
    if (batch < 1) {
      throw new IllegalArgumentException("hdee.batch-size = " + batch + ": must be >= 1");
    }
    BudgetRule rule;
    try {
      rule = new BudgetRule(c.getDouble("hdee.budget.total-flops"), c.getDouble("hdee.budget.seed-fraction"),
          (long) batch * sizes.get(0).spec().context(), sizes, homIndex, c.getDoubleList("hdee.budget.group-weights"),
          c.getLong("hdee.budget.min-steps"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("hdee.budget: " + e.getMessage(), e);
    }
    List<PlanKind> plans = c.getStringList("hdee.plans").stream().map(PlanKind::of).toList();
    if (plans.isEmpty()) {
      throw new IllegalArgumentException("hdee.plans is empty: nothing to train");
    }
    Map<String, Integer> declared = new TreeMap<>();
    for (int g = 0; g < groups.size(); g++) {
      for (String d : groups.get(g)) {
        declared.put(d, g);
      }
    }
    // A budget too small for some expert fails here, before anything runs.
    for (PlanKind p : plans) {
      try {
        BudgetPlanner.plan(p, rule, "declared".equals(difficulty) ? declared : roundRobin(train, sizes.size()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("hdee.budget: " + e.getMessage(), e);
      }
    }
    List<String> combiners = c.getStringList("hdee.eval.combiners");
    combiners.forEach(Combiner::of);
    String reportCombiner = c.getString("hdee.report.combiner");
    if (!combiners.contains(reportCombiner)) {
      throw new IllegalArgumentException("hdee.report.combiner = " + reportCombiner + " is not in hdee.eval.combiners "
          + combiners);
    }
    int windows = c.getInt("hdee.eval.windows");
    if (windows < 1) {
      throw new IllegalArgumentException("hdee.eval.windows = " + windows + ": must be >= 1");
    }
    List<String> all = new ArrayList<>(train);
    all.addAll(evalOnly);
    CorpusSource corpus = CorpusSource.scan(c, "hdee.corpus", all);
    return new HdeeJob(engine, JobConfig.render(c), corpus, train, evalOnly,
        "declared".equals(difficulty) ? declared : null, backend, rule, plans, batch, c.getDouble("hdee.warmup"),
        windows, combiners, reportCombiner);
  }

  private static List<ExpertSize> sizes(Config c, String kind) {
    Config m = c.getConfig("hdee.model");
    List<ExpertSize> sizes = new ArrayList<>();
    int i = 0;
    for (ConfigObject o : c.getObjectList("hdee.sizes")) {
      String where = "hdee.sizes[" + i++ + "]";
      for (String k : o.keySet()) {
        if (!Set.of("name", "layers", "d-model", "heads", "mlp-width", "mlp-multiplier").contains(k)) {
          throw new IllegalArgumentException(where + ": unknown key '" + k
              + "' (known: name, layers, d-model, heads, mlp-width, mlp-multiplier)");
        }
      }
      Config s = o.toConfig().withFallback(m);
      int d = s.getInt("d-model");
      boolean transformer = LmSpec.TRANSFORMER.equals(kind);
      int mlp = !transformer ? 0 : s.hasPath("mlp-multiplier") ? s.getInt("mlp-multiplier") * d : s.getInt("mlp-width");
      try {
        sizes.add(new ExpertSize(s.getString("name"), new LmSpec(kind, s.getInt("layers"), d,
            transformer ? s.getInt("heads") : 0, mlp, s.getInt("context"), s.getDouble("learning-rate"))));
      } catch (IllegalArgumentException | com.typesafe.config.ConfigException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    if (sizes.isEmpty()) {
      throw new IllegalArgumentException("hdee.sizes is empty");
    }
    for (int k = 1; k < sizes.size(); k++) {
      if (sizes.get(k).spec().parameters() <= sizes.get(k - 1).spec().parameters()) {
        throw new IllegalArgumentException("hdee.sizes must grow: " + sizes.get(k).name() + " is not larger than "
            + sizes.get(k - 1).name());
      }
    }
    return sizes;
  }

  /** Stand-in groups for measured difficulty: every size used, for planning seeds and checks. */
  private static Map<String, Integer> roundRobin(List<String> domains, int groups) {
    Map<String, Integer> g = new TreeMap<>();
    for (int i = 0; i < domains.size(); i++) {
      g.put(domains.get(i), i % groups);
    }
    return g;
  }

  @Override
  public String kind() {
    return KIND;
  }

  private Map<String, Integer> planningGroups() {
    return declaredGroups != null ? declaredGroups : roundRobin(trainDomains, rule.groups());
  }

  @Override
  public Plan plan() {
    List<PlannedUnit> units = new ArrayList<>();
    Map<String, PlannedUnit> corpusUnits = new LinkedHashMap<>();
    for (String d : corpus.bytes().keySet()) {
      PlannedUnit p = PlannedUnit.of(corpus.unit(d), engine.cpusPerUnit());
      corpusUnits.put(d, p);
      units.add(p);
    }
    List<DomainRef> evaluate = corpusUnits.entrySet().stream().map(e -> new DomainRef(e.getKey(), e.getValue().id())).toList();
    List<DomainRef> trainRefs = evaluate.stream().filter(d -> trainDomains.contains(d.name())).toList();
    List<PlannedUnit> allCorpus = List.copyOf(corpusUnits.values());

    Map<String, PlannedUnit> seeds = new LinkedHashMap<>(); // unit id -> planned seed, shared across plans
    PlannedUnit reference = null;
    if (declaredGroups == null) {
      ExpertSize s = rule.sizes().get(rule.homogeneousSize());
      reference = seed(BudgetPlanner.plan(PlanKind.HOMOGENEOUS, rule, planningGroups()).seedOf(s), evaluate, trainRefs,
          allCorpus, seeds, units);
    }
    for (PlanKind kind : plans) {
      ComputePlan p = BudgetPlanner.plan(kind, rule, planningGroups());
      TreeMap<String, String> seedIds = new TreeMap<>();
      List<PlannedUnit> seedUnits = new ArrayList<>();
      for (ComputePlan.SeedRun s : p.seeds()) {
        PlannedUnit u = seed(s, evaluate, trainRefs, allCorpus, seeds, units);
        seedIds.put(s.size().name(), u.id());
        seedUnits.add(u);
      }
      List<PlannedUnit> experts = new ArrayList<>();
      List<HdeeEnsembleUnit.Member> members = new ArrayList<>();
      for (String d : trainDomains) {
        List<PlannedUnit> inputs = new ArrayList<>(corpusUnits.values());
        inputs.addAll(seedUnits);
        if (reference != null && !inputs.contains(reference)) {
          inputs.add(reference);
        }
        HdeeExpertUnit e = new HdeeExpertUnit(kind, rule, d, declaredGroups == null ? null : new TreeMap<>(declaredGroups),
            reference == null ? null : reference.id(), trainDomains, seedIds, batch, warmup, evaluate, evalWindows);
        PlannedUnit pe = PlannedUnit.of(e, engine.cpusPerUnit(), inputs);
        experts.add(pe);
        members.add(new HdeeEnsembleUnit.Member(d, pe.id()));
        units.add(pe);
      }
      List<PlannedUnit> inputs = new ArrayList<>(experts);
      inputs.addAll(corpusUnits.values());
      units.add(PlannedUnit.of(new HdeeEnsembleUnit(kind, members, evaluate, trainDomains, combiners,
          rule.sizes().get(0).spec().context(), evalWindows), engine.cpusPerUnit(), inputs));
    }
    return new Plan(units);
  }

  /** The planned seed unit for a seed run; identical seeds of several plans are one unit. */
  private PlannedUnit seed(ComputePlan.SeedRun s, List<DomainRef> evaluate, List<DomainRef> trainRefs,
      List<PlannedUnit> corpusUnits, Map<String, PlannedUnit> seeds, List<PlannedUnit> units) {
    // A seed trains on the training domains and scores every domain: it reads all corpus units.
    PlannedUnit u = PlannedUnit.of(new HdeeSeedUnit(s.size().name(), s.size().spec(), s.steps(), batch, warmup,
        trainRefs, evaluate, evalWindows), engine.cpusPerUnit(), corpusUnits);
    PlannedUnit known = seeds.get(u.id());
    if (known != null) {
      return known;
    }
    seeds.put(u.id(), u);
    units.add(u);
    return u;
  }

  @Override
  public Map<String, Object> describe(WorkUnit unit) {
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
        d.put("tokens", run.steps() * rule.tokensPerStep());
        d.put("flops", String.format(Locale.ROOT, "%.3g", run.flops()));
      }
    }
    return d;
  }

  @Override
  public void merge(MergeContext run, Report report) throws IOException {
    List<HdeeEnsembleUnit.Score> scores = new ArrayList<>();
    Table.Builder experts = new Table.Builder("plan", "domain", "group", "size", "steps", "train_flops",
        "final_loss", "tokens_per_s", "own_test_bpb", "resumed_from_step", "unit");
    Table.Builder seedTable = new Table.Builder("seed", "steps", "train_flops", "final_loss", "tokens_per_s", "unit");
    Map<String, Double> planFlops = new LinkedHashMap<>();
    Map<String, Set<String>> planSeeds = new LinkedHashMap<>();
    Map<String, Double> seedFlops = new LinkedHashMap<>();
    for (UnitEntry e : run.units()) {
      switch (e.kind) {
        case HdeeEnsembleUnit.KIND -> {
          Path dir = run.runDir().unit(e.id);
          scores.addAll(JSON.readValue(AtomicFiles.readString(run.runDir().fs(), new Path(dir, HdeeEnsembleUnit.EVALUATION)),
              new TypeReference<List<HdeeEnsembleUnit.Score>>() {}));
          // The plan's artifact under a stable name: ensembles/<plan>/ensemble.json (LiveEnsemble.open).
          Path published = new Path(run.runDir().root(), "ensembles/" + e.facts.get("plan") + "/" + EnsembleArtifact.FILE);
          run.runDir().fs().mkdirs(published.getParent());
          AtomicFiles.writeString(run.runDir().fs(), run.runDir().conf(), published,
              AtomicFiles.readString(run.runDir().fs(), new Path(dir, EnsembleArtifact.FILE)));
        }
        case HdeeSeedUnit.KIND -> {
          seedTable.row(e.name, e.metrics.get("steps").longValue(), e.metrics.get("train_flops"),
              e.metrics.get("final_loss"), e.metrics.get("tokens_per_second"), e.id);
          seedFlops.put(e.id, e.metrics.get("train_flops"));
        }
        case HdeeExpertUnit.KIND -> {
          HdeeExpertUnit u = JSON.treeToValue(e.spec, HdeeExpertUnit.class);
          String plan = u.plan().configName();
          experts.row(plan, u.domain(), e.metrics.get("group").intValue(), e.facts.get("size"),
              e.metrics.get("steps").longValue(), e.metrics.get("train_flops"), e.metrics.get("final_loss"),
              e.metrics.get("tokens_per_second"), e.metrics.get("bpb_test." + u.domain()),
              e.metrics.getOrDefault("resumed_from_step", -1.0).longValue(), e.id);
          planFlops.merge(plan, e.metrics.get("train_flops"), Double::sum);
          planSeeds.computeIfAbsent(plan, k -> new LinkedHashSet<>()).addAll(u.seedUnits().values());
        }
        default -> { }
      }
    }
    Table.Builder budget = new Table.Builder("plan", "seeds", "expert_flops", "seed_flops", "total_flops", "budget_flops",
        "vs_budget");
    for (PlanKind k : plans) {
      String plan = k.configName();
      double seedsTotal = planSeeds.getOrDefault(plan, Set.of()).stream().mapToDouble(s -> seedFlops.getOrDefault(s, 0.0)).sum();
      double total = planFlops.getOrDefault(plan, 0.0) + seedsTotal;
      budget.row(plan, planSeeds.getOrDefault(plan, Set.of()).size(), planFlops.getOrDefault(plan, 0.0), seedsTotal, total,
          rule.totalFlops(), String.format(Locale.ROOT, "%+.2f%%", 100 * (total / rule.totalFlops() - 1)));
    }
    report.heading("HDEE: " + trainDomains.size() + " training domains, " + evalOnly.size() + " evaluation-only, "
        + plans.size() + " plans at " + String.format(Locale.ROOT, "%.3g", rule.totalFlops()) + " FLOPs each ("
        + rule.sizes().get(0).spec().kind() + ", backend " + backend + ", difficulty "
        + (declaredGroups != null ? "declared" : "measured") + ")");
    report.table("budget", "Compute per plan: seeds and experts, 6·params·tokens", budget.build());
    report.table("seeds", "Seed models (trained on the mix of all training domains)", seedTable.build());
    report.table("experts", "Domain experts: size and steps from the plan, bits per byte on their own domain's test split",
        experts.build());
    perplexityTables(scores, report);
  }

  private void perplexityTables(List<HdeeEnsembleUnit.Score> scores, Report report) {
    Table.Builder all = new Table.Builder("plan", "model", "domain", "role", "bits_per_byte", "perplexity", "bytes");
    scores.forEach(s -> all.row(s.plan(), s.model(), s.domain(), s.role(), s.bitsPerByte(), s.perplexity(), s.bytes()));
    List<String> domains = corpus.bytes().keySet().stream().toList();
    List<String> cols = new ArrayList<>(List.of("domain", "role"));
    for (PlanKind k : plans) {
      for (String c : combiners) {
        cols.add(k.configName() + "/" + c);
      }
      cols.add(k.configName() + "/own expert");
    }
    Table.Builder wide = new Table.Builder(cols.toArray(String[]::new));
    PlanKind homo = plans.contains(PlanKind.HOMOGENEOUS) ? PlanKind.HOMOGENEOUS : null;
    PlanKind hetero = plans.contains(PlanKind.HETEROGENEOUS) ? PlanKind.HETEROGENEOUS : null;
    int wins = 0;
    int compared = 0;
    int trainWins = 0;
    int trainCompared = 0;
    Map<String, List<Double>> chartSeries = new LinkedHashMap<>();
    for (String d : domains) {
      List<Object> row = new ArrayList<>();
      String role = trainDomains.contains(d) ? "train" : "eval-only";
      row.add(d);
      row.add(role);
      for (PlanKind k : plans) {
        for (String c : combiners) {
          row.add(ppl(scores, k, c, d));
        }
        row.add(role.equals("train") ? ppl(scores, k, "expert:" + d, d) : "-");
        chartSeries.computeIfAbsent(k.configName(), x -> new ArrayList<>()).add(ppl(scores, k, reportCombiner, d));
      }
      wide.row(row.toArray());
      if (homo != null && hetero != null) {
        boolean better = ppl(scores, hetero, reportCombiner, d) < ppl(scores, homo, reportCombiner, d);
        wins += better ? 1 : 0;
        compared++;
        if (role.equals("train")) {
          trainWins += better ? 1 : 0;
          trainCompared++;
        }
      }
    }
    report.heading("Per-domain perplexity (per byte) on the test split");
    if (homo != null && hetero != null) {
      String line = String.format(Locale.ROOT,
          "heterogeneous beats homogeneous on %d of %d domains (%d of %d training domains), combiner %s, equal FLOPs",
          wins, compared, trainWins, trainCompared, reportCombiner);
      report.paragraph(line);
      report.fact("heterogeneous_beats_homogeneous", wins).fact("domains_compared", compared)
          .fact("heterogeneous_beats_homogeneous_train", trainWins);
    }
    report.table("perplexity", "Per-byte perplexity (2^bits-per-byte) by plan and combiner; 'own expert' = the "
        + "domain's expert alone", wide.build());
    report.table("scores", "Every model on every domain (long form)", all.build());
    CategoryChart chart = new CategoryChartBuilder().width(1100).height(480)
        .title("Per-byte perplexity per domain (" + reportCombiner + ")").xAxisTitle("domain")
        .yAxisTitle("perplexity per byte").build();
    chart.getStyler().setXAxisLabelRotation(45);
    chartSeries.forEach((plan, values) -> chart.addSeries(plan, domains, values));
    report.chart("hdee-perplexity", "Per-byte perplexity per domain and plan, combiner " + reportCombiner, chart);
    for (PlanKind k : plans) {
      for (String c : combiners) {
        report.fact("mean_bpb." + k.configName() + "." + c, scores.stream()
            .filter(s -> s.plan().equals(k.configName()) && s.model().equals(c))
            .mapToDouble(HdeeEnsembleUnit.Score::bitsPerByte).average().orElse(Double.NaN));
      }
    }
  }

  private static double ppl(List<HdeeEnsembleUnit.Score> scores, PlanKind plan, String model, String domain) {
    return scores.stream().filter(s -> s.plan().equals(plan.configName()) && s.model().equals(model)
        && s.domain().equals(domain)).mapToDouble(HdeeEnsembleUnit.Score::perplexity).findFirst().orElse(Double.NaN);
  }
}
