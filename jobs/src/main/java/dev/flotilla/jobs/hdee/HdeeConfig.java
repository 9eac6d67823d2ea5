package dev.flotilla.jobs.hdee;

import dev.flotilla.ensembles.corpus.CorpusSource;
import dev.flotilla.ensembles.hdee.BudgetPlanner;
import dev.flotilla.ensembles.hdee.BudgetRule;
import dev.flotilla.ensembles.hdee.Combiner;
import dev.flotilla.ensembles.hdee.ExpertSize;
import dev.flotilla.ensembles.hdee.Lineage;
import dev.flotilla.ensembles.hdee.PlanKind;
import dev.flotilla.ensembles.hdee.Protocol;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.backend.ModelFactory;
import dev.flotilla.executors.lm.LanguageModel;
import dev.flotilla.executors.lm.LmSpec;
import dev.flotilla.jobs.config.ConfigReader;
import dev.flotilla.jobs.corpus.CorpusConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Every {@code hdee.*} key, typed and checked: the corpus (its folder listed when read), the
 * domains and their difficulty, the expert sizes, the budget every plan spends, the plans, and
 * how ensembles are evaluated and reported. Immutable.
 *
 * @param sizes expert sizes from {@code hdee.sizes} over {@code hdee.model}, smallest first
 * @param reportCombiner the combiner of the "heterogeneous beats homogeneous" line and the chart
 * @param tokenizer what the models read; the sizes' specs carry its vocabulary
 */
public record HdeeConfig(CorpusSource corpus, Domains domains, Difficulty difficulty, String backend,
    List<ExpertSize> sizes, Budget budget, List<PlanKind> plans, int batchSize, double warmup, Eval eval,
    String reportCombiner, HdeeExperts experts, HdeeTokenizer tokenizer) {

  /** Training domains in difficulty groups (easiest first) and domains only evaluated on. */
  public record Domains(List<List<String>> groups, List<String> evalOnly) {
    public Domains {
      groups = groups.stream().map(List::copyOf).toList();
      evalOnly = List.copyOf(evalOnly);
    }

    public List<String> train() {
      return groups.stream().flatMap(List::stream).toList();
    }

    /** Training domains, then evaluation-only ones. */
    public List<String> all() {
      List<String> all = new ArrayList<>(train());
      all.addAll(evalOnly);
      return all;
    }
  }

  /** Where a domain's difficulty group comes from: the config's groups, or the seed's validation loss. */
  public enum Difficulty { DECLARED, MEASURED }

  /**
   * {@code hdee.budget} and {@code hdee.protocol}: the FLOPs each plan is compared at and how they
   * are spread; {@code seedSteps} are every seed's steps under the paper protocol.
   */
  public record Budget(Protocol protocol, double totalFlops, long seedSteps, double seedFraction,
      String homogeneousSize, List<Double> groupWeights, long minSteps) {
    public Budget {
      groupWeights = List.copyOf(groupWeights);
    }
  }

  /**
   * {@code hdee.eval}: windows scored per domain and split, the combiners compared, and the
   * resamples of each score's bootstrap interval.
   */
  public record Eval(int windows, List<String> combiners, int bootstrap) {
    public Eval {
      combiners = List.copyOf(combiners);
    }
  }

  public HdeeConfig {
    sizes = List.copyOf(sizes);
    plans = List.copyOf(plans);
  }

  /** The budget rule every plan is made with (tokens per step = batch × context). */
  public BudgetRule rule() {
    int homogeneous = sizes.stream().map(ExpertSize::name).toList().indexOf(budget.homogeneousSize());
    return new BudgetRule(budget.totalFlops(), budget.seedFraction(), (long) batchSize * sizes.get(0).spec().context(),
        sizes, homogeneous, budget.groupWeights(), budget.minSteps(), budget.protocol(), budget.seedSteps(),
        experts.phase().horizon());
  }

  /** The lineages of declared difficulty; null when difficulty is measured (experts are then independent). */
  public List<Lineage> lineages() {
    return difficulty == Difficulty.MEASURED ? null : experts.lineages(domains.groups());
  }

  /** Each training domain's declared group; null when difficulty is measured. */
  public TreeMap<String, Integer> declaredGroups() {
    if (difficulty == Difficulty.MEASURED) {
      return null;
    }
    TreeMap<String, Integer> g = new TreeMap<>();
    for (int i = 0; i < domains.groups().size(); i++) {
      for (String d : domains.groups().get(i)) {
        g.put(d, i);
      }
    }
    return g;
  }

  /** Groups to plan with: the declared ones, or for measured difficulty every size used round robin. */
  public Map<String, Integer> planningGroups() {
    if (difficulty == Difficulty.DECLARED) {
      return declaredGroups();
    }
    List<String> train = domains.train();
    Map<String, Integer> g = new TreeMap<>();
    for (int i = 0; i < train.size(); i++) {
      g.put(train.get(i), i % sizes.size());
    }
    return g;
  }

  public static HdeeConfig read(ConfigReader c) {
    Domains domains = readDomains(c);
    Difficulty difficulty = Difficulty.valueOf(
        c.oneOf("hdee.difficulty", List.of("declared", "measured")).toUpperCase(Locale.ROOT));
    String backend = c.nonBlank("hdee.backend");
    ModelFactory<LmSpec, LanguageModel> lm;
    try {
      lm = Backends.get(backend, LanguageModel.FAMILY);
    } catch (IllegalArgumentException e) {
      throw c.error("hdee.backend", e.getMessage());
    }
    HdeeTokenizer tokenizer = HdeeTokenizer.read(c);
    // Embeddings and head grow with the vocabulary: budgets and FLOPs count them.
    List<ExpertSize> sizes = HdeeSizes.read(c, lm.kinds().iterator().next()).stream()
        .map(s -> new ExpertSize(s.name(), s.spec().withVocab(tokenizer.vocab()))).toList();
    if (difficulty == Difficulty.DECLARED && domains.groups().size() != sizes.size()) {
      throw new IllegalArgumentException(c.where("hdee.domains.groups") + "hdee.domains.groups has "
          + domains.groups().size() + " difficulty groups but hdee.sizes has " + sizes.size()
          + " sizes; they pair up (easiest group with the smallest size)");
    }
    if (domains.train().size() < sizes.size()) {
      throw c.error("hdee.domains.groups", "hdee needs at least " + sizes.size() + " training domains");
    }
    Eval eval = new Eval(c.intAtLeast("hdee.eval.windows", 1), names(c, "hdee.eval.combiners", Combiner::of),
        c.intAtLeast("hdee.eval.bootstrap", 1));
    List<PlanKind> plans = names(c, "hdee.plans", PlanKind::of).stream().map(PlanKind::of).toList();
    Budget budget = readBudget(c, sizes);
    HdeeExperts experts = HdeeExperts.read(c);
    if (difficulty == Difficulty.MEASURED && experts.mode() == HdeeExperts.Mode.CHAINED) {
      throw c.error("hdee.experts.mode", "chained lineages follow the declared difficulty groups; with"
          + " hdee.difficulty = measured set hdee.experts.mode = independent");
    }
    CorpusSource corpus = CorpusConfig.source(c, "hdee.corpus", domains.all());
    HdeeConfig config = new HdeeConfig(corpus, domains, difficulty, backend, sizes, budget, plans,
        c.intAtLeast("hdee.batch-size", 1), c.doubleIn("hdee.warmup", 0, 1), eval,
        c.oneOf("hdee.report.combiner", eval.combiners()), experts, tokenizer);
    config.checkBudget(c);
    return config;
  }

  private static Domains readDomains(ConfigReader c) {
    List<List<String>> groups = c.stringLists("hdee.domains.groups", true);
    List<String> train = groups.stream().flatMap(List::stream).toList();
    if (new LinkedHashSet<>(train).size() != train.size()) {
      throw c.error("hdee.domains.groups", "names a domain twice");
    }
    List<String> evalOnly = c.stringList("hdee.domains.eval-only", false);
    for (String d : evalOnly) {
      if (train.contains(d)) {
        throw c.error("hdee.domains.eval-only", d + " is also a training domain");
      }
    }
    return new Domains(groups, evalOnly);
  }

  private static Budget readBudget(ConfigReader c, List<ExpertSize> sizes) {
    double seedFraction = c.doubleIn("hdee.budget.seed-fraction", 0, 1);
    if (seedFraction >= 1) {
      throw c.error("hdee.budget.seed-fraction", "must be in [0, 1): the experts need some of the budget");
    }
    List<Double> weights = c.positiveList("hdee.budget.group-weights", true);
    if (weights.size() != sizes.size()) {
      throw c.error("hdee.budget.group-weights", "needs one weight per difficulty group, as many as hdee.sizes ("
          + sizes.size() + ")");
    }
    Protocol protocol = Protocol.of(c.oneOf("hdee.protocol", List.of("paper", "all-in")));
    if (protocol == Protocol.PAPER && c.config().getLong("hdee.seeds.steps") < c.config().getLong("hdee.budget.min-steps")) {
      throw c.error("hdee.seeds.steps", "must be at least hdee.budget.min-steps");
    }
    return new Budget(protocol, c.positive("hdee.budget.total-flops"), c.longAtLeast("hdee.seeds.steps", 1),
        seedFraction,
        c.oneOf("hdee.budget.homogeneous-size", sizes.stream().map(ExpertSize::name).toList()), weights,
        c.longAtLeast("hdee.budget.min-steps", 1));
  }

  /** A budget too small for some seed or expert of some plan fails here, before anything runs. */
  private void checkBudget(ConfigReader c) {
    for (PlanKind p : plans) {
      try {
        if (lineages() != null) {
          BudgetPlanner.plan(p, rule(), lineages());
        } else {
          BudgetPlanner.plan(p, rule(), planningGroups());
        }
      } catch (IllegalArgumentException e) {
        throw c.error("hdee.budget.total-flops", e.getMessage());
      }
    }
  }

  /** A non-empty list of registry names, each checked by {@code known} (which names the known ones). */
  private static List<String> names(ConfigReader c, String key, Function<String, ?> known) {
    List<String> names = c.stringList(key, true);
    for (String n : names) {
      try {
        known.apply(n);
      } catch (IllegalArgumentException e) {
        throw c.error(key, e.getMessage());
      }
    }
    return names;
  }
}
