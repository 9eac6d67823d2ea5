package dev.flotilla.jobs.hdee;

import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.ensembles.hdee.ExpertResult;
import dev.flotilla.ensembles.hdee.PlanKind;
import dev.flotilla.ensembles.hdee.SeedResult;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where the compute went: FLOPs per plan against the budget (seeds counted once per plan that
 * uses them), the seed models, and the experts with their size, steps and own-domain score.
 */
final class HdeeComputeTables {

  private HdeeComputeTables() {}

  static void write(HdeeConfig config, HdeeResults results, Report report) {
    Table.Builder seeds = new Table.Builder("seed", "steps", "train_flops", "final_loss", "tokens_per_s", "unit");
    Map<String, Double> seedFlops = new LinkedHashMap<>();
    for (HdeeResults.Seed s : results.seeds()) {
      SeedResult r = s.result();
      seeds.row(s.name(), r.steps(), r.trainFlops(), r.finalLoss(), r.tokensPerSecond(), s.unit());
      seedFlops.put(s.unit(), r.trainFlops());
    }
    Table.Builder experts = new Table.Builder("plan", "domain", "group", "size", "steps", "train_flops",
        "final_loss", "tokens_per_s", "own_test_bpb", "resumed_from_step", "unit");
    Map<String, Double> planFlops = new LinkedHashMap<>();
    Map<String, Set<String>> planSeeds = new LinkedHashMap<>();
    for (HdeeResults.Expert e : results.experts()) {
      ExpertResult r = e.result();
      String plan = e.spec().plan().configName();
      experts.row(plan, e.spec().domain(), r.group(), r.size(), r.steps(), r.trainFlops(), r.finalLoss(),
          r.tokensPerSecond(), r.bpbTest().get(e.spec().domain()), r.resumedFromStep(), e.unit());
      planFlops.merge(plan, r.trainFlops(), Double::sum);
      planSeeds.computeIfAbsent(plan, k -> new LinkedHashSet<>()).addAll(e.spec().seedUnits().values());
    }
    report.table("budget", "Compute per plan: seeds and experts, 6·params·tokens",
        budget(config, planFlops, planSeeds, seedFlops));
    report.table("seeds", "Seed models (trained on the mix of all training domains)", seeds.build());
    report.table("experts", "Domain experts: size and steps from the plan, bits per byte on their own domain's test split",
        experts.build());
  }

  private static Table budget(HdeeConfig config, Map<String, Double> planFlops, Map<String, Set<String>> planSeeds,
      Map<String, Double> seedFlops) {
    Table.Builder budget = new Table.Builder("plan", "seeds", "expert_flops", "seed_flops", "total_flops", "budget_flops",
        "vs_budget");
    double limit = config.budget().totalFlops();
    for (PlanKind k : config.plans()) {
      String plan = k.configName();
      Set<String> used = planSeeds.getOrDefault(plan, Set.of());
      double seedsTotal = used.stream().mapToDouble(s -> seedFlops.getOrDefault(s, 0.0)).sum();
      double total = planFlops.getOrDefault(plan, 0.0) + seedsTotal;
      budget.row(plan, used.size(), planFlops.getOrDefault(plan, 0.0), seedsTotal, total, limit,
          String.format(Locale.ROOT, "%+.2f%%", 100 * (total / limit - 1)));
    }
    return budget.build();
  }
}
