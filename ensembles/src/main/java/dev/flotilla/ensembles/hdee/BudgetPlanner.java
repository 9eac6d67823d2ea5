package dev.flotilla.ensembles.hdee;

import dev.flotilla.ensembles.hdee.ComputePlan.ExpertRun;
import dev.flotilla.ensembles.hdee.ComputePlan.SeedRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spreads one FLOPs budget over seeds and domain experts, so that every plan kind costs the
 * same compute (HDEE compares ensembles at equal FLOPs):
 *
 * <ol>
 *   <li>the seed share is split evenly over the sizes the plan uses, one seed per size;
 *   <li>what the seeds actually cost (after rounding to whole steps) is taken off, and the rest
 *       is split over the experts in proportion to their group weight (1 for all when steps do
 *       not vary);
 *   <li>each share becomes whole steps of the expert's size.
 * </ol>
 *
 * Rounding moves each item by at most half a step, so with at least {@code minSteps} steps
 * everywhere the plan total stays within 1% of the budget; this is checked, not assumed.
 */
public final class BudgetPlanner {

  private BudgetPlanner() {}

  /**
   * @param difficulty group of every training domain (0 = easiest), in the order experts are
   *     listed
   */
  public static ComputePlan plan(PlanKind kind, BudgetRule rule, Map<String, Integer> difficulty) {
    if (difficulty.isEmpty()) {
      throw new IllegalArgumentException("no training domains to plan experts for");
    }
    difficulty.forEach((d, g) -> {
      if (g < 0 || g >= rule.groups()) {
        throw new IllegalArgumentException("domain " + d + " has difficulty group " + g + ", not in [0, "
            + rule.groups() + ")");
      }
    });
    Map<String, ExpertSize> sizeOf = new LinkedHashMap<>();
    difficulty.forEach((d, g) -> sizeOf.put(d, rule.sizes().get(kind.sizesVary() ? g : rule.homogeneousSize())));
    List<ExpertSize> used = sizeOf.values().stream().distinct()
        .sorted((a, b) -> Integer.compare(rule.sizes().indexOf(a), rule.sizes().indexOf(b))).toList();

    List<SeedRun> seeds = new ArrayList<>();
    double seedShare = rule.totalFlops() * rule.seedFraction() / used.size();
    for (ExpertSize s : used) {
      if (rule.seedFraction() == 0) {
        break;
      }
      long steps = steps(seedShare, rule, s, "seed " + s.name(), kind);
      seeds.add(new SeedRun(s, steps, steps * rule.stepFlops(s)));
    }
    double expertBudget = rule.totalFlops() - seeds.stream().mapToDouble(SeedRun::flops).sum();
    double weightSum = difficulty.values().stream().mapToDouble(g -> weight(kind, rule, g)).sum();
    List<ExpertRun> experts = new ArrayList<>();
    for (Map.Entry<String, Integer> d : difficulty.entrySet()) {
      ExpertSize s = sizeOf.get(d.getKey());
      double share = expertBudget * weight(kind, rule, d.getValue()) / weightSum;
      long steps = steps(share, rule, s, "expert " + d.getKey() + " (size " + s.name() + ")", kind);
      experts.add(new ExpertRun(d.getKey(), d.getValue(), s, steps, steps * rule.stepFlops(s)));
    }
    ComputePlan plan = new ComputePlan(kind, seeds, experts, rule.totalFlops());
    double error = Math.abs(plan.totalFlops() - rule.totalFlops()) / rule.totalFlops();
    if (error > BudgetRule.TOLERANCE) {
      throw new IllegalStateException("plan " + kind.configName() + " costs " + plan.totalFlops()
          + " FLOPs, " + String.format("%.2f%%", 100 * error) + " away from the budget " + rule.totalFlops()
          + "; raise the budget or min-steps so that rounding to whole steps matters less");
    }
    return plan;
  }

  private static double weight(PlanKind kind, BudgetRule rule, int group) {
    return kind.stepsVary() ? rule.groupWeights().get(group) : 1.0;
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
