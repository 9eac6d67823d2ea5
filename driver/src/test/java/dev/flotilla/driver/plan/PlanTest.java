package dev.flotilla.driver.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTest {

  record Sized(String label, double cost) implements WorkUnit {
    @Override public String kind() { return "sized"; }
    @Override public String name() { return label; }
    @Override public UnitOutput execute(UnitContext ctx) { return UnitOutput.builder().build(); }
  }

  static PlannedUnit u(String name, double cost) {
    return PlannedUnit.of(new Sized(name, cost), 1);
  }

  @Test
  void longestFirstIsStableForTies() {
    Plan p = new Plan(List.of(u("a", 1), u("b", 5), u("c", 3), u("d", 5), u("e", 0)));
    assertThat(p.longestFirst()).extracting(PlannedUnit::name).containsExactly("b", "d", "c", "a", "e");
    assertThat(p.units()).extracting(PlannedUnit::name).containsExactly("a", "b", "c", "d", "e");
  }

  @Test
  void duplicateSpecsAreRejected() {
    assertThatThrownBy(() -> new Plan(List.of(u("a", 1), u("a", 1))))
        .hasMessageContaining("same spec");
  }

  @Test
  void badCostsAndCpusAreNamed() {
    assertThatThrownBy(() -> new PlannedUnit("x", new Sized("x", 1), -1, 1)).hasMessageContaining("unit x: cost");
    assertThatThrownBy(() -> new PlannedUnit("x", new Sized("x", 1), 1, 0)).hasMessageContaining("unit x: cpus must be >= 1");
  }

  @Test
  void forecastOfAKnownCase() {
    // LPT on 2 slots, costs 5,4,3,3,2,1: A=5, B=4, B=7, A=8, B=9, A=9 -> makespan 9 = total/2.
    Plan p = new Plan(List.of(u("a", 3), u("b", 1), u("c", 5), u("d", 2), u("e", 4), u("f", 3)));
    Forecast lpt = Forecast.of(p.longestFirst(), 2);
    assertThat(lpt.makespan()).isEqualTo(9.0);
    assertThat(lpt.lowerBound()).isEqualTo(9.0);
    assertThat(lpt.efficiency()).isEqualTo(1.0);
    // Short units first leave the long one for last: 1 + 10 instead of 10.
    Plan bad = new Plan(List.of(u("s1", 1), u("s2", 1), u("big", 10)));
    assertThat(Forecast.of(bad.units(), 2).makespan()).isEqualTo(11.0);
    assertThat(Forecast.of(bad.longestFirst(), 2).makespan()).isEqualTo(10.0);
  }
}
