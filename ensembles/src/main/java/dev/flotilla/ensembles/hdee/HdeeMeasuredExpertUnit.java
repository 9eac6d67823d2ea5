package dev.flotilla.ensembles.hdee;

import dev.flotilla.executors.export.ModelUnit;
import dev.flotilla.executors.export.PortableModel;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.io.InputStream;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A domain expert of one plan whose difficulty group is measured: its size and steps are derived
 * when it runs, from the reference seed's validation scores ({@code difficultyFrom}) and the
 * plan's budget rule, with {@link BudgetPlanner} (the same function the driver prints). It then
 * branches from the seed of its size and trains on its domain, as {@link HdeeExpertUnit} does.
 * Experts are independent here: lineages need the groups at plan time.
 */
public record HdeeMeasuredExpertUnit(PlanKind plan, BudgetRule rule, ExpertPhase phase, String domain,
    String difficultyFrom, List<String> trainDomains, SortedMap<String, String> seedUnits, int batch,
    List<DomainRef> evaluate, int evalWindows) implements WorkUnit, ModelUnit {

  public static final String KIND = "hdee-expert-measured";

  public HdeeMeasuredExpertUnit {
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

  @Override
  public double cost() {
    double flops = rule.totalFlops() * (rule.protocol() == Protocol.PAPER ? 1 : 1 - rule.seedFraction())
        / trainDomains.size();
    return HdeeCosts.seconds(rule.sizes().get(rule.homogeneousSize()).spec(), flops, evaluate.size(), evalWindows);
  }

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    ComputePlan p = BudgetPlanner.plan(plan, rule, measuredGroups(ctx));
    ComputePlan.ExpertRun run = p.expert(domain);
    String seed = seedUnits.get(run.size().name());
    DomainRef own = evaluate.stream().filter(d -> d.name().equals(domain)).findFirst().orElseThrow();
    LmTraining.Outcome o = LmTraining.run(ctx, run.size().spec(), run.steps(), batch,
        phase.schedule(run.size().spec(), p.horizon()), List.of(own), seed, evaluate, evalWindows,
        Map.of("role", "expert", "plan", plan.configName(), "domain", domain, "size", run.size().name(),
            "group", run.group()));
    return UnitOutput.of(new ExpertResult(o.steps(), run.flops(), o.finalLoss(), o.seconds(), o.tokensPerSecond(),
        o.resumedFrom(), o.testBitsPerByte(), run.group(), 0, run.size().name(), domain, "measured", -1,
        -1, o.bitsPerByte().get(domain).get("valid")), o.learningCurve());
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

  @Override
  public PortableModel portableModel(FileSystem fs, Path unitDir, ComputeBudget budget) throws IOException {
    return LmTraining.portable(fs, unitDir, budget);
  }
}
