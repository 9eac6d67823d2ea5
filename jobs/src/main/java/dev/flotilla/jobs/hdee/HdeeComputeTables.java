package dev.flotilla.jobs.hdee;

import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.ensembles.hdee.ExpertResult;
import dev.flotilla.ensembles.hdee.Protocol;
import dev.flotilla.ensembles.hdee.SeedResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the compute went: FLOPs per plan (expert phase, the seeds it uses, both together, and what
 * its protocol compares against the budget; a unit shared by plans counts in each), the seed
 * models, and the experts with the plans they serve, their size, steps and own-domain score.
 */
final class HdeeComputeTables {

  private HdeeComputeTables() {}

  static void write(HdeeConfig config, HdeeResults results, List<HdeePlanner.PlanLayout> layouts, Report report) {
    Table.Builder seeds = new Table.Builder("seed", "plans", "steps", "train_flops", "final_loss", "tokens_per_s",
        "unit");
    Map<String, Double> flops = new LinkedHashMap<>();
    for (HdeeResults.Seed s : results.seeds()) {
      SeedResult r = s.result();
      seeds.row(s.name(), plansOf(layouts, s.unit()), r.steps(), r.trainFlops(), r.finalLoss(), r.tokensPerSecond(),
          s.unit());
      flops.put(s.unit(), r.trainFlops());
    }
    Table.Builder experts = new Table.Builder("plans", "domain", "group", "iteration", "size", "steps", "train_flops",
        "final_loss", "tokens_per_s", "own_test_bpb", "resumed_from_step", "unit");
    for (HdeeResults.Expert e : results.experts()) {
      ExpertResult r = e.result();
      experts.row(plansOf(layouts, e.unit()), r.domain(), r.group(), r.iteration(), r.size(), r.steps(),
          r.trainFlops(), r.finalLoss(), r.tokensPerSecond(), r.ownTestBpb(), r.resumedFromStep(), e.unit());
      flops.put(e.unit(), r.trainFlops());
    }
    report.table("budget", "Compute per plan, 6·params·tokens: the expert phase, the seeds it branches from, both,"
        + " and what protocol " + config.budget().protocol().configName() + " holds equal", budget(config, layouts, flops));
    report.table("seeds", "Seed models and the dense baseline (trained on the mix of all training domains)",
        seeds.build());
    report.table("experts", "Domain experts: size and steps from the plan, bits per byte on their own domain's test split",
        experts.build());
  }

  private static String plansOf(List<HdeePlanner.PlanLayout> layouts, String unit) {
    return layouts.stream().filter(l -> l.seeds().contains(unit) || l.experts().contains(unit))
        .map(l -> l.kind().configName()).collect(Collectors.joining(" "));
  }

  private static Table budget(HdeeConfig config, List<HdeePlanner.PlanLayout> layouts, Map<String, Double> flops) {
    Table.Builder budget = new Table.Builder("plan", "seeds", "experts", "expert_flops", "seed_flops", "all_in_flops",
        "compared_flops", "budget_flops", "vs_budget");
    double limit = config.budget().totalFlops();
    for (HdeePlanner.PlanLayout l : layouts) {
      double expertFlops = l.experts().stream().mapToDouble(u -> flops.getOrDefault(u, 0.0)).sum();
      double seedFlops = l.seeds().stream().mapToDouble(u -> flops.getOrDefault(u, 0.0)).sum();
      double compared = config.budget().protocol() == Protocol.PAPER ? expertFlops : expertFlops + seedFlops;
      budget.row(l.kind().configName(), l.seeds().size(), l.experts().size(), expertFlops, seedFlops,
          expertFlops + seedFlops, compared, limit, String.format(Locale.ROOT, "%+.2f%%", 100 * (compared / limit - 1)));
    }
    return budget.build();
  }
}
