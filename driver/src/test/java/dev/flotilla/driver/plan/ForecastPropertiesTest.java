package dev.flotilla.driver.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ForecastPropertiesTest {

  private static List<PlannedUnit> units(List<Double> costs) {
    List<PlannedUnit> out = new ArrayList<>();
    for (int i = 0; i < costs.size(); i++) {
      out.add(PlannedUnit.of(new PlanTest.Sized("u" + i, costs.get(i)), 1));
    }
    return out;
  }

  @Property(tries = 300)
  void listSchedulingStaysWithinGrahamsBounds(
      @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = 0, max = 100) Double> costs,
      @ForAll @IntRange(min = 1, max = 8) int slots) {
    Plan plan = new Plan(units(costs));
    double total = plan.totalCost();
    double max = plan.maxCost();
    for (List<PlannedUnit> order : List.of(plan.units(), plan.longestFirst())) {
      Forecast f = Forecast.of(order, slots);
      assertThat(f.makespan()).isGreaterThanOrEqualTo(f.lowerBound() - 1e-9);
      // Any list schedule: makespan <= total/m + (1 - 1/m) * max.
      assertThat(f.makespan()).isLessThanOrEqualTo(total / slots + (1 - 1.0 / slots) * max + 1e-9);
    }
  }

  @Property(tries = 300)
  void lptIsWithinFourThirdsOfTheLowerBoundWhenUnitsOutnumberSlotsTwice(
      @ForAll @Size(min = 16, max = 40) List<@DoubleRange(min = 1, max = 10) Double> costs,
      @ForAll @IntRange(min = 1, max = 4) int slots) {
    // Graham: LPT <= (4/3 - 1/(3m)) OPT; the lower bound is <= OPT, so this bound is looser than
    // Graham's only through the lower bound, and holds whenever LB is tight enough (many units).
    Forecast lpt = Forecast.of(new Plan(units(costs)).longestFirst(), slots);
    assertThat(lpt.makespan()).isLessThanOrEqualTo(lpt.lowerBound() * (4.0 / 3.0) + 1e-9);
  }

  /**
   * Plans without dependencies take a shortcut; with a zero-cost unit every other unit waits for
   * the general simulation runs instead, and must give the same schedule.
   */
  @Property(tries = 300)
  void theShortcutForIndependentUnitsSchedulesAsTheGeneralSimulation(
      @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = 0, max = 100) Double> costs,
      @ForAll @IntRange(min = 1, max = 8) int slots) {
    List<PlannedUnit> independent = units(costs);
    PlannedUnit first = PlannedUnit.of(new PlanTest.Sized("first", 0), 1);
    List<PlannedUnit> waiting = new ArrayList<>(List.of(first));
    for (PlannedUnit u : independent) {
      waiting.add(new PlannedUnit(u.id(), u.unit(), u.cost(), 1, List.of(first.id())));
    }
    Forecast shortcut = Forecast.of(independent, slots);
    Forecast general = Forecast.of(waiting, slots);
    assertThat(general.makespan()).isCloseTo(shortcut.makespan(), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(general.lowerBound()).isCloseTo(shortcut.lowerBound(), org.assertj.core.data.Offset.offset(1e-9));
  }
}
