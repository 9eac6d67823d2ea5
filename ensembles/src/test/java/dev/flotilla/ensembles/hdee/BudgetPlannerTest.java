package dev.flotilla.ensembles.hdee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flotilla.executors.lm.LmSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BudgetPlannerTest {

  private static ExpertSize size(String name, int mult) {
    return new ExpertSize(name, new LmSpec(LmSpec.TRANSFORMER, 2, 64, 4, 64 * mult, 128, 1e-3));
  }

  private static final List<ExpertSize> SIZES = List.of(size("S", 3), size("M", 4), size("L", 5));

  private static Map<String, Integer> nineDomains() {
    Map<String, Integer> d = new LinkedHashMap<>();
    String[] names = {"java", "c", "python", "man", "ref", "handbook", "quotes", "tech", "misc"};
    for (int i = 0; i < names.length; i++) {
      d.put(names[i], i / 3);
    }
    return d;
  }

  private static BudgetRule rule(double flops) {
    return new BudgetRule(flops, 0.2, 16 * 128, SIZES, 1, List.of(0.6, 1.0, 1.4), 20);
  }

  @Test
  void flopsAreSixTimesParametersTimesTokens() {
    LmSpec m = SIZES.get(1).spec();
    // V*d + C*d + L*(4d^2 + 2dm + 9d + m) + 2d + d*V + V with V=258, d=64, m=256, C=128, L=2.
    long expected = 258 * 64 + 128 * 64 + 2 * (4 * 64 * 64 + 2 * 64 * 256 + 9 * 64 + 256) + 2 * 64 + 64 * 258 + 258;
    assertThat(m.parameters()).isEqualTo(expected);
    assertThat(rule(1e12).stepFlops(SIZES.get(1))).isEqualTo(6.0 * expected * 16 * 128);
  }

  @Test
  void everyPlanKindSpendsTheSameBudgetWithinOnePercent() {
    BudgetRule r = rule(2e13);
    for (PlanKind k : PlanKind.values()) {
      ComputePlan p = BudgetPlanner.plan(k, r, nineDomains());
      assertThat(p.totalFlops() / r.totalFlops()).as(k.configName()).isCloseTo(1.0, within(0.01));
      assertThat(p.experts()).hasSize(9);
      double seeds = p.seeds().stream().mapToDouble(ComputePlan.SeedRun::flops).sum();
      assertThat(seeds / r.totalFlops()).as("seed share of " + k.configName()).isCloseTo(0.2, within(0.01));
    }
  }

  @Test
  void sizesAndStepsFollowDifficultyOnlyWhereThePlanSaysSo() {
    BudgetRule r = rule(2e13);
    ComputePlan homo = BudgetPlanner.plan(PlanKind.HOMOGENEOUS, r, nineDomains());
    assertThat(homo.experts()).extracting(e -> e.size().name()).containsOnly("M");
    assertThat(homo.experts()).extracting(ComputePlan.ExpertRun::steps).containsOnly(homo.experts().get(0).steps());
    assertThat(homo.seeds()).extracting(s -> s.size().name()).containsExactly("M");

    ComputePlan steps = BudgetPlanner.plan(PlanKind.HETERO_STEPS, r, nineDomains());
    assertThat(steps.expert("misc").steps() / (double) steps.expert("java").steps()).isCloseTo(1.4 / 0.6, within(0.02));

    ComputePlan sizes = BudgetPlanner.plan(PlanKind.HETERO_SIZES, r, nineDomains());
    assertThat(sizes.expert("java").size().name()).isEqualTo("S");
    assertThat(sizes.expert("misc").size().name()).isEqualTo("L");
    assertThat(sizes.expert("java").flops()).isCloseTo(sizes.expert("misc").flops(), within(sizes.expert("misc").flops() * 0.02));
    assertThat(sizes.expert("java").steps()).isGreaterThan(sizes.expert("misc").steps());
    assertThat(sizes.seeds()).extracting(s -> s.size().name()).containsExactly("S", "M", "L");

    ComputePlan both = BudgetPlanner.plan(PlanKind.HETEROGENEOUS, r, nineDomains());
    assertThat(both.expert("misc").flops() / both.expert("java").flops()).isCloseTo(1.4 / 0.6, within(0.03));
  }

  @Property(tries = 100)
  void withinOnePercentForAnyBudgetThatFits(@ForAll @DoubleRange(min = 5e12, max = 5e14) double flops,
      @ForAll @IntRange(min = 1, max = 12) int domains) {
    Map<String, Integer> d = new LinkedHashMap<>();
    for (int i = 0; i < domains; i++) {
      d.put("d" + i, i % 3);
    }
    for (PlanKind k : PlanKind.values()) {
      ComputePlan p = BudgetPlanner.plan(k, rule(flops), d);
      assertThat(Math.abs(p.totalFlops() - flops) / flops).isLessThanOrEqualTo(0.01);
    }
  }

  @Test
  void aBudgetTooSmallForTheSmallestExpertIsRefusedWithTheNeededBudget() {
    assertThatThrownBy(() -> BudgetPlanner.plan(PlanKind.HETEROGENEOUS, rule(1e11), nineDomains()))
        .hasMessageContaining("budget too small").hasMessageContaining("min-steps 20")
        .hasMessageContaining("raise total-flops to at least");
  }

  @Test
  void measuredLossesCutIntoTertiles() {
    Map<String, Double> loss = new LinkedHashMap<>();
    loss.put("a", 3.0);
    loss.put("b", 1.0);
    loss.put("c", 2.0);
    loss.put("d", 0.5);
    loss.put("e", 2.5);
    loss.put("f", 1.5);
    assertThat(BudgetPlanner.groupsFromLosses(loss, 3))
        .containsExactly(Map.entry("a", 2), Map.entry("b", 0), Map.entry("c", 1), Map.entry("d", 0),
            Map.entry("e", 2), Map.entry("f", 1));
  }
}
