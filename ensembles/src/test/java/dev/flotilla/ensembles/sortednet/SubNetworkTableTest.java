package dev.flotilla.ensembles.sortednet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.executors.unit.UnitOutput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sub-network table's Pareto fronts, selection without search and the baseline comparison. */
class SubNetworkTableTest {

  /** {@code acc} is the validation accuracy; the test accuracy is deliberately ordered the other way. */
  private static SubNetworkResult row(String training, double w, int d, long flops, double acc) {
    SubNetwork s = new SubNetwork(w, d);
    return new SubNetworkResult(training, "t-" + training, s.label(), w, d, 1, flops / 2, flops,
        1 - acc, flops / 1e5, 0, acc);
  }

  private final SubNetworkTable table = new SubNetworkTable(List.of(
      row("b", 1.0, 2, 400, 0.90), row("a", 0.5, 1, 100, 0.70), row("a", 0.5, 2, 150, 0.65),
      row("a", 1.0, 1, 200, 0.80), row("a", 1.0, 2, 400, 0.80), row("b", 0.5, 1, 100, 0.60)));

  @Test
  void ordersByTrainingThenFlopsAndFindsEachTrainingsFront() {
    assertThat(table.rows()).extracting(r -> r.training() + r.flops())
        .containsExactly("a100", "a150", "a200", "a400", "b100", "b400");
    assertThat(table.rows()).filteredOn(table::onParetoFront).extracting(r -> r.training() + r.flops())
        .as("a150 is beaten by the cheaper a100; a400 only ties a200, which does not remove it")
        .containsExactly("a100", "a200", "a400", "b100", "b400");
    assertThat(table.paretoFronts().get("a")).extracting(SubNetworkResult::flops)
        .containsExactly(100L, 200L, 400L);
    assertThat(table.byTraining().keySet()).containsExactly("a", "b");
  }

  @Test
  void selectsTheMostAccurateWithinBudgetPreferringFewerFlops() {
    assertThat(new Selection(450.0, null, null, "a").best(table.rows()).orElseThrow().flops())
        .as("equal accuracy: the cheaper one").isEqualTo(200);
    assertThat(new Selection(450.0, null, null, null).best(table.rows()).orElseThrow().training())
        .isEqualTo("b");
    assertThat(new Selection(null, 60L, null, null).best(table.rows()).orElseThrow().flops()).isEqualTo(100);
    assertThat(new Selection(50.0, null, null, null).best(table.rows())).isEmpty();
    assertThat(Selection.smallest(table.rows()).orElseThrow().training()).isEqualTo("a");
    assertThat(new Selection(50.0, null, 0.5, "a").describe())
        .isEqualTo(" --max-flops 50.0 --max-latency-ms 0.5 --training a");
    assertThat(table.choicesAtBudgets(List.of("a", "b"), 400, 0.1, 0.5, 1.0))
        .extracting(c -> c.training() + c.choice().flops())
        .containsExactly("a200", "a200", "b100", "b400");
  }

  @Test
  void comparesEveryTrainedBaselineWithEachTrainingsSubNetwork() {
    SortedNetSpec spec = new SortedNetSpec("mlp", 64, 2, 1, 28, 28, 10, 0.001);
    SubNetwork halfNet = new SubNetwork(0.5, 2);
    IndependentTrainUnit unit = IndependentTrainUnit.of(spec, halfNet,
        new TrainingOptions(100, 32, 0.5, 2, 0.25, 10, TrainingOptions.COSINE), 1, "d", 0, 0, null);
    assertThat(unit.aloneSpec()).as("the architecture alone: 32 units in each of 2 blocks")
        .isEqualTo(new SortedNetSpec("mlp", 32, 2, 1, 28, 28, 10, 0.001));
    assertThat(unit.options()).as("same steps, batch and schedule; nothing to distil or shrink")
        .isEqualTo(new TrainingOptions(100, 32, 0, 2, 0, 0, TrainingOptions.COSINE));
    String half = halfNet.label();
    List<AccuracyRatio> ratios = AccuracyRatio.compare(
        List.of(new SubNetwork(0.5, 2), new SubNetwork(1.0, 2)), Map.of(half, 0.68), table);
    assertThat(ratios).as("(1.0, 2) was not trained alone: skipped").hasSize(1);
    assertThat(ratios.get(0).ratio()).as("test accuracy over test accuracy").isEqualTo((1 - 0.65) / 0.68);
    assertThat(ratios.get(0).meetsTarget()).isFalse();
    assertThat(AccuracyRatio.compare(List.of(new SubNetwork(0.5, 2)), Map.of(half, 0.30),
        table).get(0).meetsTarget()).isTrue();
  }

  @Test
  void costsCompareWithTheLargestAlone() {
    List<TrainingCost> alone = List.of(new TrainingCost("x", 1, 2e9, 4), new TrainingCost("y", 1, 8e9, 10),
        new TrainingCost("z", 1, 8e9, 99));
    TrainingCost largest = TrainingCost.largest("largest", alone);
    assertThat(largest.trainSeconds()).as("the first of equal FLOPs").isEqualTo(10);
    TrainingCost all = TrainingCost.total("all", alone);
    assertThat(all.models()).isEqualTo(3);
    assertThat(all.flopsRelativeTo(largest)).isEqualTo(2.25);
  }

  @Test
  void resultsKeepTheirKeysAndRowsTheirJsonNames() throws Exception {
    UnitOutput train = UnitOutput.of(new SortedTrainResult(1, 2, 3, 4, 5, -1, 7, 8, "nested.bin", "sandwich"));
    assertThat(train.metrics()).containsOnlyKeys("train_flops", "train_flops_this_attempt",
        "train_seconds", "final_loss", "steps", "resumed_from_step", "params",
        "examples_per_second_per_subnet");
    assertThat(train.facts()).containsOnlyKeys("artifact", "policy");
    UnitOutput eval = UnitOutput.of(new SortedEvalResult(8, 10_000, 0.83, "subnetworks.json", 0, null));
    assertThat(eval.metrics()).as("no validation split: no best_valid_accuracy key")
        .containsOnlyKeys("subnetworks", "test_examples", "best_accuracy", "valid_examples");
    assertThat(eval.facts()).containsEntry("result", "subnetworks.json");
    assertThat(dev.flotilla.executors.json.Json.FILES.writeValueAsString(table.rows().get(0))
        .replaceAll("\\s", "")).isEqualTo("{\"training\":\"a\",\"train_unit\":\"t-a\","
            + "\"subnetwork\":\"w0.5000-d1\",\"width_fraction\":0.5,\"depth\":1,\"units\":1,"
            + "\"params\":50,\"flops\":100,\"test_accuracy\":0.30000000000000004,\"latency_ms\":0.001,"
            + "\"export_max_abs_diff\":0.0,\"valid_accuracy\":0.7}");
  }

  @Test
  void selectionAndTheFrontUseValidationAccuracyNeverTest() {
    // Test accuracy is 1 - valid accuracy in these rows: a choice on test would pick the opposite.
    assertThat(new Selection(null, null, null, "b").best(table.rows()).orElseThrow().flops())
        .as("valid 0.90 beats valid 0.60, although its test accuracy is lower").isEqualTo(400);
    assertThat(table.paretoFronts().get("b")).extracting(SubNetworkResult::flops).containsExactly(100L, 400L);
  }

  @Test
  void rowsWithoutValidationAccuracyReadButRefuseToBeChosen() throws Exception {
    SubNetworkResult old = dev.flotilla.executors.json.Json.FILES.readValue("{\"training\":\"a\","
        + "\"train_unit\":\"t\",\"subnetwork\":\"w1.0000-d1\",\"width_fraction\":1.0,\"depth\":1,"
        + "\"units\":4,\"params\":9,\"flops\":10,\"accuracy\":0.81,\"latency_ms\":0.1,"
        + "\"export_max_abs_diff\":0.0}", SubNetworkResult.class);
    assertThat(old.testAccuracy()).as("'accuracy' of earlier tables is the test accuracy").isEqualTo(0.81);
    assertThat(old.validAccuracy()).isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Selection(null, null, null, null)
            .best(List.of(old)))
        .hasMessageContaining("w1.0000-d1 of a has no validation accuracy");
  }
}
