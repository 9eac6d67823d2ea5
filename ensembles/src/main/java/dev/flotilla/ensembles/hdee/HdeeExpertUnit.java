package dev.flotilla.ensembles.hdee;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;

/**
 * A domain expert of one plan: branches from the seed of its size and continues on its domain.
 *
 * <p>The expert's size and steps are not fixed in the spec but derived from the plan's budget rule
 * and the domains' difficulty groups with {@link BudgetPlanner}, the same function the driver
 * prints. Declared difficulty ({@code groups}) resolves at plan time; measured difficulty is
 * read from the reference seed's validation scores ({@code difficultyFrom}) when the unit runs.
 */
public record HdeeExpertUnit(PlanKind plan, BudgetRule rule, String domain, SortedMap<String, Integer> groups,
    String difficultyFrom, List<String> trainDomains, SortedMap<String, String> seedUnits, int batch,
    double warmup, List<DomainRef> evaluate, int evalWindows) implements WorkUnit {

  public static final String KIND = "hdee-expert";

  public HdeeExpertUnit {
    if ((groups == null) == (difficultyFrom == null)) {
      throw new IllegalArgumentException("an expert needs either declared groups or a seed to measure difficulty with");
    }
    groups = groups == null ? null : Collections.unmodifiableSortedMap(new TreeMap<>(groups));
    seedUnits = Collections.unmodifiableSortedMap(new TreeMap<>(seedUnits));
    trainDomains = List.copyOf(trainDomains);
    evaluate = List.copyOf(evaluate);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String name() {
    return plan.configName() + "-" + domain;
  }

  /** Size and steps, if difficulty is declared (else known only once the seed is scored). */
  public ComputePlan.ExpertRun declaredRun() {
    return groups == null ? null : BudgetPlanner.plan(plan, rule, groups).expert(domain);
  }

  @Override
  public double cost() {
    ComputePlan.ExpertRun run = declaredRun();
    double flops = run != null ? run.flops() : rule.totalFlops() * (1 - rule.seedFraction()) / trainDomains.size();
    return HdeeCosts.seconds(rule.sizes().get(rule.homogeneousSize()).spec(), flops, evaluate.size(), evalWindows);
  }

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    Map<String, Integer> g = groups != null ? groups : measuredGroups(ctx);
    ComputePlan.ExpertRun run = BudgetPlanner.plan(plan, rule, g).expert(domain);
    String seed = seedUnits.get(run.size().name());
    DomainRef own = evaluate.stream().filter(d -> d.name().equals(domain)).findFirst().orElseThrow();
    LmTraining.Outcome o = LmTraining.run(ctx, run.size().spec(), run.steps(), batch, warmup, List.of(own), seed,
        evaluate, evalWindows, Map.of("role", "expert", "plan", plan.configName(), "domain", domain,
            "size", run.size().name(), "group", run.group()));
    return UnitOutput.of(new ExpertResult(o.steps(), run.flops(), o.finalLoss(), o.seconds(), o.tokensPerSecond(),
        o.resumedFrom(), o.testBitsPerByte(), run.group(), run.size().name(), domain, plan.configName(),
        groups != null ? "declared" : "measured"));
  }

  /** Difficulty groups from the reference seed's validation bits per byte (tertiles). */
  private Map<String, Integer> measuredGroups(UnitContext ctx) throws IOException {
    JsonNode scores;
    try (InputStream in = ctx.fs().open(new Path(ctx.committedOutput(difficultyFrom), LmTraining.SCORES))) {
      scores = Json.FILES.readTree(in);
    }
    Map<String, Double> loss = new TreeMap<>();
    for (String d : trainDomains) {
      loss.put(d, scores.path(d).path("valid").asDouble(Double.NaN));
    }
    return new TreeMap<>(BudgetPlanner.groupsFromLosses(loss, rule.groups()));
  }
}
