package dev.flotilla.ensembles.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.executors.unit.UnitOutput;
import org.junit.jupiter.api.Test;

class SweepResultTest {

  @Test
  void keepsTheMetricAndFactKeysOfEarlierRuns() {
    UnitOutput out = UnitOutput.of(new SweepResult(0.83, 101_770, 1.2e10, 203_264, 2.5, 0.3,
        8000, 0.45, 157, 57, 100, 20_000, 10_000, "djl", "mlp-128-lr0.001", "model.bin", "false", null, 0));
    assertThat(out.metrics()).containsOnlyKeys("accuracy", "params", "train_flops",
        "forward_flops_per_example", "train_seconds", "eval_seconds", "examples_per_second",
        "final_loss", "steps", "steps_run_in_final_attempt", "resumed_from_step", "train_examples",
        "test_examples", "valid_examples");
    assertThat(out.facts()).containsOnlyKeys("backend", "model", "artifact", "optimizer_state_restored")
        .containsEntry("optimizer_state_restored", "false");
    assertThat(out.metrics()).containsEntry("steps_run_in_final_attempt", 57.0);
  }
}
