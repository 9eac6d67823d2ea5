package dev.flotilla.ensembles.hdee;

import dev.flotilla.ensembles.hdee.ComputePlan.ExpertRun;
import dev.flotilla.ensembles.hdee.ComputePlan.SeedRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spreads one budget over the seeds and the experts of a plan, so that every plan kind costs the
 * same under its protocol (HDEE compares ensembles at equal compute):
 *
 * <ol>
 *   <li>seeds: {@code paper} trains one per size the plan uses for the same fixed steps, outside
 *       the budget (so plans share them); {@code all-in} splits the seed share of the budget evenly
 *       over those sizes and takes what they cost off the experts' budget;
 *   <li>experts: each gets a weight, 1, or its group's weight when the plan's steps vary and the
 *       expert is the last of its lineage (HDEE's code varies only the checkpoint the ensemble
 *       keeps); {@code paper} gives every expert steps in proportion to its weight, whatever its
 *       size, and {@code all-in} FLOPs in proportion to its weight;
 *   <li>each share becomes whole steps.
 * </ol>
 *
 * Rounding moves each item by at most half a step, so with at least {@code minSteps} steps
 * everywhere the compared total stays within 1% of the budget; this is checked, not assumed.
 */
public final class BudgetPlanner {

  /** The "domain" of the dense baseline: the uniform mix of the training domains. */
  public static final String MIX = "mix";

  private BudgetPlanner() {}

  /** Independent experts: one lineage of one expert per domain, in the map's order. */
  public static ComputePlan plan(PlanKind kind, BudgetRule rule, Map<String, Integer> difficulty) {
    if (difficulty.isEmpty()) {
      throw new IllegalArgumentException("no training domains to plan experts for");
    }
    List<Lineage> lineages = new ArrayList<>();
    difficulty.forEach((d, g) -> lineages.add(new Lineage(g, List.of(d))));
    return plan(kind, rule, lineages);
  }

  public static ComputePlan plan(PlanKind kind, BudgetRule rule, List<Lineage> lineages) {
    if (lineages.isEmpty()) {
      throw new IllegalArgumentException("no lineages to plan experts for");
    }
    for (Lineage l : lineages) {
      if (l.group() < 0 || l.group() >= rule.groups()) {
        throw new IllegalArgumentException("lineage " + l.domains() + " has difficulty group " + l.group()
            + ", not in [0, " + rule.groups() + ")");
      }
    }
    List<ExpertSize> used = lineages.stream().map(l -> sizeOf(kind, rule, l.group())).distinct()
        .sorted((a, b) -> Integer.compare(rule.sizes().indexOf(a), rule.sizes().indexOf(b))).toList();
    List<SeedRun> seeds = seeds(kind, rule, used);
    double expertBudget = rule.protocol() == Protocol.PAPER ? rule.totalFlops()
        : rule.totalFlops() - seeds.stream().mapToDouble(SeedRun::flops).sum();

    // Paper: steps ∝ weight at any size, so the divisor sums weight × step FLOPs; all-in: FLOPs ∝ weight.
    double divisor = 0;
    int slots = 0;
    for (Lineage l : lineages) {
      for (int i = 0; i < l.domains().size(); i++) {
        double w = weight(kind, rule, l, i);
        divisor += rule.protocol() == Protocol.PAPER ? w * rule.stepFlops(sizeOf(kind, rule, l.group())) : w;
        slots++;
      }
    }
    ExpertSize homogeneous = rule.sizes().get(rule.homogeneousSize());
    if (kind.dense()) {
      return dense(rule, seeds, expertBudget);
    }
    long horizon = Math.round(rule.horizon() * expertBudget / slots / rule.stepFlops(homogeneous));
    List<ExpertRun> experts = new ArrayList<>();
    for (int li = 0; li < lineages.size(); li++) {
      Lineage l = lineages.get(li);
      ExpertSize s = sizeOf(kind, rule, l.group());
      for (int i = 0; i < l.domains().size(); i++) {
        double w = weight(kind, rule, l, i);
        double share = rule.protocol() == Protocol.PAPER ? expertBudget * w * rule.stepFlops(s) / divisor
            : expertBudget * w / divisor;
        String what = "expert " + l.domains().get(i) + " (size " + s.name() + ")";
        long steps = steps(share, rule, s, what, kind);
        if (steps > horizon) {
          throw new IllegalArgumentException(String.format("plan %s trains %s for %d steps, past the schedule's "
              + "horizon of %d steps (%.3g x the homogeneous steps); raise the horizon to at least %.3g",
              kind.configName(), what, steps, horizon, rule.horizon(), rule.horizon() * steps / (double) horizon));
        }
        experts.add(new ExpertRun(l.domains().get(i), l.group(), li, i, s, steps, steps * rule.stepFlops(s)));
      }
    }
    ComputePlan plan = new ComputePlan(kind, rule.protocol(), seeds, experts, rule.totalFlops(), horizon);
    double error = Math.abs(plan.comparedFlops() - rule.totalFlops()) / rule.totalFlops();
    if (error > BudgetRule.TOLERANCE) {
      throw new IllegalStateException("plan " + kind.configName() + " costs " + plan.comparedFlops()
          + " FLOPs, " + String.format("%.2f%%", 100 * error) + " away from the budget " + rule.totalFlops()
          + "; raise the budget or min-steps so that rounding to whole steps matters less");
    }
    return plan;
  }

  /**
   * The dense baseline: the whole expert budget as one model of the homogeneous size on the
   * domain mix ({@link #MIX}), on the experts' schedule shape stretched to its steps.
   */
  private static ComputePlan dense(BudgetRule rule, List<SeedRun> seeds, double expertBudget) {
    ExpertSize m = rule.sizes().get(rule.homogeneousSize());
    long steps = steps(expertBudget, rule, m, "the dense model", PlanKind.DENSE);
    ExpertRun run = new ExpertRun(MIX, rule.homogeneousSize(), 0, 0, m, steps, steps * rule.stepFlops(m));
    ComputePlan plan = new ComputePlan(PlanKind.DENSE, rule.protocol(), seeds, List.of(run), rule.totalFlops(),
        Math.round(rule.horizon() * steps));
    double error = Math.abs(plan.comparedFlops() - rule.totalFlops()) / rule.totalFlops();
    if (error > BudgetRule.TOLERANCE) {
      throw new IllegalStateException("the dense plan costs " + plan.comparedFlops() + " FLOPs, "
          + String.format("%.2f%%", 100 * error) + " away from the budget " + rule.totalFlops());
    }
    return plan;
  }

  private static ExpertSize sizeOf(PlanKind kind, BudgetRule rule, int group) {
    return rule.sizes().get(kind.sizesVary() ? group : rule.homogeneousSize());
  }

  /** One seed per size used: fixed steps (paper) or an even split of the seed share (all-in). */
  private static List<SeedRun> seeds(PlanKind kind, BudgetRule rule, List<ExpertSize> used) {
    List<SeedRun> seeds = new ArrayList<>();
    for (ExpertSize s : used) {
      long steps;
      if (rule.protocol() == Protocol.PAPER) {
        steps = rule.seedSteps();
      } else if (rule.seedFraction() > 0) {
        steps = steps(rule.totalFlops() * rule.seedFraction() / used.size(), rule, s, "seed " + s.name(), kind);
      } else {
        continue;
      }
      seeds.add(new SeedRun(s, steps, steps * rule.stepFlops(s)));
    }
    return seeds;
  }

  private static double weight(PlanKind kind, BudgetRule rule, Lineage l, int iteration) {
    boolean last = iteration == l.domains().size() - 1;
    return kind.stepsVary() && last ? rule.groupWeights().get(l.group()) : 1.0;
  }

  private static long steps(double flops, BudgetRule rule, ExpertSize size, String what, PlanKind kind) {
    long steps = Math.round(flops / rule.stepFlops(size));
    if (steps < rule.minSteps()) {
      throw new IllegalArgumentException(String.format(
          "budget too small: plan %s leaves %s %.3g FLOPs = %d steps of %.3g FLOPs, fewer than min-steps %d;"
              + " raise total-flops to at least %.3g",
          kind.configName(), what, flops, steps, rule.stepFlops(size), rule.minSteps(),
          rule.totalFlops() * rule.minSteps() * rule.stepFlops(size) / Math.max(flops, 1)));
    }
    return steps;
  }

  /** Difficulty groups from measured losses: sorted ascending, cut into {@code groups} near-equal parts. */
  public static Map<String, Integer> groupsFromLosses(Map<String, Double> loss, int groups) {
    List<String> sorted = loss.entrySet().stream().sorted(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey).toList();
    Map<String, Integer> byName = new LinkedHashMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      byName.put(sorted.get(i), (int) ((long) i * groups / sorted.size()));
    }
    Map<String, Integer> inOrder = new LinkedHashMap<>();
    loss.keySet().forEach(d -> inOrder.put(d, byName.get(d)));
    return inOrder;
  }
}
