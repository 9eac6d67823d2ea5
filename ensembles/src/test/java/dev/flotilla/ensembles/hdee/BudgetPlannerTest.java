package dev.flotilla.ensembles.hdee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flotilla.executors.lm.LmSpec;
import java.util.ArrayList;
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

  /** Today's all-in accounting: seeds take 20% of the budget. */
  private static BudgetRule rule(double flops) {
    return new BudgetRule(flops, 0.2, 16 * 128, SIZES, 1, List.of(0.6, 1.0, 1.4), 20, Protocol.ALL_IN, 0, 2);
  }

  /** HDEE's code: seeds of 2,000 steps outside the budget, last experts at 300/400/500 of a 600-step horizon. */
  private static BudgetRule paper(double flops) {
    return new BudgetRule(flops, 0, 16 * 128, SIZES, 1, List.of(0.75, 1.0, 1.25), 20, Protocol.PAPER, 2000, 1.5);
  }

  /** HDEE's three lineages of three iterations (easy, medium, hard). */
  private static List<Lineage> lineages() {
    return List.of(new Lineage(0, List.of("java", "c", "python")), new Lineage(1, List.of("man", "ref", "handbook")),
        new Lineage(2, List.of("quotes", "tech", "misc")));
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
    for (PlanKind k : List.of(PlanKind.HOMOGENEOUS, PlanKind.HETERO_STEPS, PlanKind.HETERO_SIZES, PlanKind.HETEROGENEOUS)) {
      ComputePlan p = BudgetPlanner.plan(k, r, nineDomains());
      assertThat(p.comparedFlops() / r.totalFlops()).as(k.configName()).isCloseTo(1.0, within(0.01));
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

  /**
   * Every plan kind, under either protocol, independent or chained, spends its own budget within
   * 1%: all-in counting seeds, paper counting the expert phase only.
   */
  @Property(tries = 100)
  void withinOnePercentForAnyBudgetThatFits(@ForAll @DoubleRange(min = 5e12, max = 5e14) double flops,
      @ForAll @IntRange(min = 1, max = 12) int domains, @ForAll @IntRange(min = 1, max = 4) int iterations,
      @ForAll boolean paper) {
    Map<String, Integer> d = new LinkedHashMap<>();
    for (int i = 0; i < domains; i++) {
      d.put("d" + i, i % 3);
    }
    List<Lineage> chained = new ArrayList<>();
    for (int g = 0; g < Math.min(3, domains); g++) {
      List<String> chain = new ArrayList<>();
      for (int i = 0; i < iterations; i++) {
        chain.add("d" + (g + 3 * i) % domains);
      }
      chained.add(new Lineage(g, chain));
    }
    BudgetRule r = paper ? paper(flops) : rule(flops);
    for (PlanKind k : PlanKind.values()) {
      for (ComputePlan p : List.of(BudgetPlanner.plan(k, r, d), BudgetPlanner.plan(k, r, chained))) {
        assertThat(p.comparedFlops()).isEqualTo(paper ? p.expertFlops() : p.allInFlops());
        assertThat(Math.abs(p.comparedFlops() - flops) / flops).as(k.configName()).isLessThanOrEqualTo(0.01);
        assertThat(p.experts()).allMatch(e -> e.steps() <= p.horizon());
      }
    }
  }

  /** Paper: the same seeds for every plan, outside the budget; hetero-steps' last experts at 300/400/500 of 600. */
  @Test
  void paperProtocolRunsAsHdeesCode() {
    ExpertSize m = SIZES.get(1);
    double budget = 9 * 400 * paper(1).stepFlops(m);
    BudgetRule r = paper(budget);
    ComputePlan homo = BudgetPlanner.plan(PlanKind.HOMOGENEOUS, r, lineages());
    assertThat(homo.experts()).extracting(ComputePlan.ExpertRun::steps).containsOnly(400L);
    assertThat(homo.horizon()).isEqualTo(600);
    assertThat(homo.seeds()).extracting(ComputePlan.SeedRun::steps).containsExactly(2000L);
    assertThat(homo.comparedFlops()).isEqualTo(budget);
    assertThat(homo.allInFlops()).isEqualTo(budget + 2000 * r.stepFlops(m));

    ComputePlan steps = BudgetPlanner.plan(PlanKind.HETERO_STEPS, r, lineages());
    assertThat(steps.horizon()).isEqualTo(600);
    for (int l = 0; l < 3; l++) {
      assertThat(steps.lineage(l)).extracting(ComputePlan.ExpertRun::steps)
          .containsExactly(400L, 400L, new long[] {300, 400, 500}[l]);
      assertThat(steps.lineage(l)).extracting(ComputePlan.ExpertRun::iteration).containsExactly(0, 1, 2);
    }
    ComputePlan sizes = BudgetPlanner.plan(PlanKind.HETERO_SIZES, r, lineages());
    assertThat(sizes.experts()).extracting(ComputePlan.ExpertRun::steps).containsOnly(400L);
    assertThat(sizes.lineage(0)).extracting(e -> e.size().name()).containsOnly("S");
    assertThat(sizes.lineage(2)).extracting(e -> e.size().name()).containsOnly("L");
    assertThat(sizes.seeds()).extracting(s -> s.size().name()).containsExactly("S", "M", "L");
    assertThat(sizes.seeds()).extracting(ComputePlan.SeedRun::steps).containsOnly(2000L);
    assertThat(sizes.comparedFlops()).isEqualTo(budget); // S + L = 2M exactly: MLP 3x + 5x = 2 * 4x
    assertThat(sizes.lineage(1)).isEqualTo(homo.lineage(1));
  }

  /** Dense: the homogeneous seed continued on the mix with the whole expert budget, 9 x 400 steps. */
  @Test
  void theDenseBaselineSpendsTheWholeExpertBudgetOnOneModel() {
    ExpertSize m = SIZES.get(1);
    BudgetRule r = paper(9 * 400 * paper(1).stepFlops(m));
    ComputePlan dense = BudgetPlanner.plan(PlanKind.DENSE, r, lineages());
    assertThat(dense.experts()).singleElement().satisfies(e -> {
      assertThat(e.domain()).isEqualTo(BudgetPlanner.MIX);
      assertThat(e.size()).isEqualTo(m);
      assertThat(e.steps()).isEqualTo(3600);
    });
    assertThat(dense.horizon()).isEqualTo(5400);
    assertThat(dense.seeds()).extracting(ComputePlan.SeedRun::steps).containsExactly(2000L);
    ComputePlan allIn = BudgetPlanner.plan(PlanKind.DENSE, rule(2e13), lineages());
    assertThat(allIn.allInFlops()).isCloseTo(2e13, within(2e13 * 0.01));
  }

  @Test
  void anExpertPastTheHorizonIsRefusedNamingTheHorizonItNeeds() {
    BudgetRule r = new BudgetRule(2e13, 0, 16 * 128, SIZES, 1, List.of(0.5, 1.0, 2.0), 20, Protocol.PAPER, 100, 1.5);
    assertThatThrownBy(() -> BudgetPlanner.plan(PlanKind.HETERO_STEPS, r, lineages()))
        .hasMessageContaining("past the schedule's horizon").hasMessageContaining("raise the horizon to at least");
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
