package dev.flotilla.executors.lm;

import static dev.flotilla.executors.lm.LmTests.assertScoresAgreeWithNextTokenDistributions;
import static dev.flotilla.executors.lm.LmTests.batch;
import static dev.flotilla.executors.lm.LmTests.corpus;
import static dev.flotilla.executors.lm.LmTests.mean;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.backend.ModelFactory;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Dl4jLstmLmTest {

  private static final LmSpec SPEC = new LmSpec(LmSpec.LSTM, 2, 32, 0, 0, 24, 1e-2);
  /** One layer learns the test text in few steps (two Xavier-initialized layers start slowly). */
  private static final LmSpec LEARNER = new LmSpec(LmSpec.LSTM, 1, 64, 0, 0, 24, 1e-2);
  private static final ModelFactory<LmSpec, LanguageModel> BACKEND =
      Backends.forKind(LanguageModel.FAMILY, LmSpec.LSTM);
  /** One native thread, as a unit on one core gets: tiny models only lose to a second pool thread. */
  private static final ComputeBudget ONE = ComputeBudget.ofCpus(1);

  @Test
  void isTheDl4jBackendAndItsParameterCountMatchesTheSpecsFormula() {
    assertThat(BACKEND.backend()).isEqualTo("dl4j");
    try (LanguageModel m = BACKEND.build(SPEC, 1, ONE)) {
      assertThat(m.parameterCount()).isEqualTo(SPEC.parameters());
    }
  }

  @Test
  void learnsStructuredTextAndItsScoresAgreeWithNextTokenDistributions() {
    int[] text = corpus();
    Random r = new Random(5);
    try (LanguageModel m = BACKEND.build(LEARNER, 7, ONE)) {
      int[][] probe = batch(text, new Random(11), 8, LEARNER.context() + 1);
      double before = -mean(m.targetLogProbs(probe));
      // The loss a step reports is the mean nats/token of its batch before the update.
      assertThat(m.trainStep(probe, 1e-2)).isCloseTo(before, within(1e-4));
      double loss = 0;
      for (int step = 0; step < 100; step++) {
        loss = m.trainStep(batch(text, r, 16, LEARNER.context() + 1), 1e-2);
      }
      double after = -mean(m.targetLogProbs(probe));
      assertThat(before).isGreaterThan(4.5); // near ln(258) at initialization
      assertThat(after).isLessThan(1.5).isLessThan(before / 3);
      assertThat(loss).isLessThan(1.8);

      assertScoresAgreeWithNextTokenDistributions(m, probe[0]);
    }
  }

  @Test
  void theLearningRateOfEachStepIsTheOneGiven() {
    int[] text = corpus();
    try (LanguageModel m = BACKEND.build(SPEC, 3, ONE)) {
      int[][] probe = batch(text, new Random(1), 4, SPEC.context() + 1);
      m.trainStep(batch(text, new Random(2), 8, SPEC.context() + 1), 1e-2);
      float[][] before = m.targetLogProbs(probe);
      // (Not 0: DL4J's Adam replaces a zero step size by epsilon.)
      m.trainStep(batch(text, new Random(3), 8, SPEC.context() + 1), 1e-8);
      float[][] afterTiny = m.targetLogProbs(probe);
      m.trainStep(batch(text, new Random(4), 8, SPEC.context() + 1), 1e-2);
      assertThat(Math.abs(mean(afterTiny) - mean(before))).isLessThan(1e-4);
      assertThat(Math.abs(mean(m.targetLogProbs(probe)) - mean(afterTiny))).isGreaterThan(1e-2);
    }
  }

  @Test
  void aRestoredModelContinuesExactlyAsTheOriginalIncludingAdamsState() throws Exception {
    assertThat(BACKEND.restoresOptimizerState()).isTrue();
    int[] text = corpus();
    Random r = new Random(9);
    try (LanguageModel m = BACKEND.build(SPEC, 5, ONE)) {
      for (int step = 0; step < 5; step++) {
        m.trainStep(batch(text, r, 8, SPEC.context() + 1), 1e-2);
      }
      ByteArrayOutputStream saved = new ByteArrayOutputStream();
      m.save(saved);
      int[][] next = batch(text, r, 8, SPEC.context() + 1);
      int[][] probe = batch(text, r, 4, SPEC.context() + 1);
      try (LanguageModel restored = BACKEND.restore(SPEC, new ByteArrayInputStream(saved.toByteArray()), ONE)) {
        assertThat(restored.targetLogProbs(probe)).isDeepEqualTo(m.targetLogProbs(probe));
        // With Adam's moments and step count restored, the next update is the same update.
        assertThat(restored.trainStep(next, 1e-2)).isEqualTo(m.trainStep(next, 1e-2));
        assertThat(restored.targetLogProbs(probe)).isDeepEqualTo(m.targetLogProbs(probe));
      }
    }
  }

  @Test
  void refusesAStateSavedForAnotherShape() throws Exception {
    ByteArrayOutputStream saved = new ByteArrayOutputStream();
    try (LanguageModel m = BACKEND.build(SPEC, 5, ONE)) {
      m.save(saved);
    }
    LmSpec wider = new LmSpec(LmSpec.LSTM, 2, 64, 0, 0, 32, 1e-2);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> BACKEND.restore(wider, new ByteArrayInputStream(saved.toByteArray()), ONE))
        .isInstanceOf(java.io.IOException.class).hasMessageContaining("lstm L2 h64");
  }
}
