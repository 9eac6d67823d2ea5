package dev.flotilla.driver.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.testing.DriverTestUnits.Echo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class UnitsPerTaskTest {

  private static final Echo ECHO = new Echo("u", "x", 0, "");

  /** Only ids and costs matter to the rule: one spec serves every unit. */
  private static List<PlannedUnit> units(int n, double cost) {
    return IntStream.range(0, n).mapToObj(i -> new PlannedUnit("u" + i, ECHO, cost, 1)).toList();
  }

  @ParameterizedTest(name = "{0} units of {1} s on {2} slots: {3} per task")
  @CsvSource({
      "10000, 0,     2,  50",   // a task of no-op units lasts ~0.5 s of engine work
      "1000000, 0,   16, 50",
      "400,   0,     2,  50",
      "100,   0,     2,  12",   // 4 tasks per slot win over the task's length
      "3,     0,     2,  1",
      "10000, 0.09,  2,  5",    // 5 x (0.09 + 0.01) s = 0.5 s
      "10000, 0.04,  2,  10",
      "10000, 0.49,  2,  1",
      "10000, 30,    16, 1"})   // long units: one per task
  void enoughUnitsForHalfASecondWhileEverySlotGetsFourTasks(int n, double cost, int slots, int expected) {
    assertThat(UnitsPerTask.choose(units(n, cost), slots)).isEqualTo(expected);
  }

  @Test
  void aFewLongUnitsAmongManyShortOnesDoNotChangeTheChoice() {
    List<PlannedUnit> plan = new ArrayList<>(units(1000, 0.04));
    plan.addAll(units(10, 100).stream().map(u -> new PlannedUnit(u.id() + "-long", u.unit(), 100, 1)).toList());
    assertThat(UnitsPerTask.choose(plan, 2)).isEqualTo(10);
  }

  @Test
  void tasksLastHalfASecondOrEverySlotKeepsFourTasks() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 500; trial++) {
      int n = 1 + rnd.nextInt(20_000);
      int slots = 1 + rnd.nextInt(64);
      double cost = rnd.nextBoolean() ? 0 : Math.pow(10, -3 + 4 * rnd.nextDouble());
      int k = UnitsPerTask.choose(units(n, cost), slots);
      assertThat(k).isBetween(1, Math.max(1, n / (4 * slots)));
      boolean longEnough = k * (cost + UnitsPerTask.ENGINE_SECONDS_PER_UNIT) >= UnitsPerTask.TARGET_TASK_SECONDS;
      boolean balanceBound = k == Math.max(1, n / (4 * slots));
      assertThat(longEnough || balanceBound).as("n=%d slots=%d cost=%f k=%d", n, slots, cost, k).isTrue();
      // Not more than needed: one unit fewer would fall short of the target.
      assertThat(k == 1 || (k - 1) * (cost + UnitsPerTask.ENGINE_SECONDS_PER_UNIT) < UnitsPerTask.TARGET_TASK_SECONDS)
          .as("n=%d slots=%d cost=%f k=%d", n, slots, cost, k).isTrue();
    }
  }

  /** A job of no-op units, tiny or not as declared. */
  record Units(EngineSettings engine, boolean tinyUnits, List<PlannedUnit> units) implements JobSpec {
    @Override public String kind() { return "units"; }
    @Override public Plan plan() { return new Plan(units); }
    @Override public Map<String, Object> config() { return Map.of(); }
    @Override public void merge(MergeContext run, Report report) { }
  }

  @Test
  void autoBatchesOnlyJobsThatDeclareTinyUnitsAndASetValueWins() {
    EngineSettings auto = new EngineSettings("file:/tmp/r", "local[2]", 1, 1, 4, 50, 0, 42, "lpt",
        false).withUnitsPerTask(EngineSettings.UNITS_PER_TASK_AUTO);
    List<PlannedUnit> plan = units(10_000, 0);
    assertThat(new Units(auto, true, plan).unitsPerTask(plan, 2)).isEqualTo(50);
    assertThat(new Units(auto, false, plan).unitsPerTask(plan, 2)).isEqualTo(1);
    assertThat(new Units(auto.withUnitsPerTask(7), true, plan).unitsPerTask(plan, 2)).isEqualTo(7);
  }
}
