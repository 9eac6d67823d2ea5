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

class DjlTransformerLmTest {

  private static final LmSpec SPEC = new LmSpec(LmSpec.TRANSFORMER, 2, 32, 4, 96, 32, 3e-3);
  private static final ComputeBudget ONE = ComputeBudget.ofCpus(1);

  @Test
  void parameterCountMatchesTheSpecsFormula() {
    try (LanguageModel m = Backends.get("djl", LanguageModel.FAMILY).build(SPEC, 1, ONE)) {
      assertThat(m.parameterCount()).isEqualTo(SPEC.parameters());
    }
  }

  @Test
  void learnsStructuredTextAndItsScoresAgreeWithNextTokenDistributions() throws Exception {
    int[] text = corpus();
    Random r = new Random(5);
    ModelFactory<LmSpec, LanguageModel> backend = Backends.get("djl", LanguageModel.FAMILY);
    try (LanguageModel m = backend.build(SPEC, 7, ONE)) {
      int[][] probe = batch(text, new Random(11), 8, SPEC.context() + 1);
      double before = -mean(m.targetLogProbs(probe));
      double loss = 0;
      for (int step = 0; step < 150; step++) {
        loss = m.trainStep(batch(text, r, 16, SPEC.context() + 1), 3e-3);
      }
      double after = -mean(m.targetLogProbs(probe));
      assertThat(before).isGreaterThan(4.5); // near ln(258) at initialization
      assertThat(after).isLessThan(1.5).isLessThan(before / 3);
      assertThat(loss).isLessThan(1.8);

      assertScoresAgreeWithNextTokenDistributions(m, probe[0]);

      ByteArrayOutputStream saved = new ByteArrayOutputStream();
      m.save(saved);
      try (LanguageModel restored = backend.restore(SPEC, new ByteArrayInputStream(saved.toByteArray()), ONE)) {
        assertThat(mean(restored.targetLogProbs(probe))).isCloseTo(mean(m.targetLogProbs(probe)), within(1e-6));
      }
    }
  }
}
