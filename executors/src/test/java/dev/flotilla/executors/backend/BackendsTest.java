package dev.flotilla.executors.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.executors.checkpoint.Checkpoints;
import dev.flotilla.executors.data.FashionMnist;
import dev.flotilla.executors.data.LabeledImages;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Both backends, on real Fashion-MNIST (Debian's dataset-fashion-mnist). */
class BackendsTest {

  static LabeledImages train;
  static LabeledImages test;

  @TempDir Path tmp;

  @BeforeAll
  static void data() throws Exception {
    Path dir = Path.of(FashionMnist.DEBIAN_DIR);
    assertThat(Files.isDirectory(dir)).as("dataset-fashion-mnist must be installed (.ci/run does)").isTrue();
    train = FashionMnist.train(dir).head(4096);
    test = FashionMnist.test(dir).head(1000);
  }

  static final ComputeBudget ONE = ComputeBudget.ofCpus(1);

  static ModelFactory<ModelSpec, TrainableModel> classifiers(String backend) {
    return Backends.get(backend, TrainableModel.FAMILY);
  }

  static ModelSpec spec(String kind) {
    return ModelSpec.MLP.equals(kind)
        ? new ModelSpec(kind, List.of(64), 1, 28, 28, 10, 2e-3)
        : new ModelSpec(kind, List.of(8, 16, 32), 1, 28, 28, 10, 2e-3);
  }

  @ParameterizedTest
  @CsvSource({"dl4j,mlp", "dl4j,cnn", "djl,mlp", "djl,cnn"})
  void parameterCountsMatchTheArchitecture(String backend, String kind) {
    try (TrainableModel m = classifiers(backend).build(spec(kind), 1, ONE)) {
      assertThat(m.parameterCount()).isEqualTo(ModelCost.parameters(spec(kind)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dl4j", "djl"})
  void bothBackendsLearnTheSameMlpToTheSameRange(String backend) throws Exception {
    Configuration conf = new Configuration();
    RunDir run = RunDir.at(tmp.toString(), conf);
    Checkpoints none = new Checkpoints(run.fs(), conf, run.checkpoints("x"), 1_000_000);
    TrainOutcome o = TrainLoop.run(classifiers(backend), spec("mlp"), train,
        new TrainSchedule(192, 64, 5), none, ONE);
    try (TrainableModel m = o.model()) {
      double acc = TrainLoop.accuracy(m, test, 250);
      // 3 epochs of 4k examples: a 64-unit MLP reaches ~0.75-0.82 on either engine; chance is 0.10.
      assertThat(acc).as(backend + " accuracy").isBetween(0.68, 0.9);
      assertThat(o.finalLoss()).as(backend + " final loss").isBetween(0.2, 1.0);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dl4j", "djl"})
  void savedStateRestoresTheSamePredictions(String backend) throws Exception {
    ModelFactory<ModelSpec, TrainableModel> b = classifiers(backend);
    ModelSpec s = spec("cnn");
    try (TrainableModel m = b.build(s, 3, ONE)) {
      float[] x = new float[32 * 784];
      int[] y = new int[32];
      train.slice(0, 32, x, y);
      m.trainStep(x, y, 32);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      m.save(bytes);
      try (TrainableModel back = b.restore(s, new ByteArrayInputStream(bytes.toByteArray()), ONE)) {
        assertThat(back.probabilities(x, 32)).containsExactly(m.probabilities(x, 32),
            org.assertj.core.data.Offset.offset(1e-6f));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dl4j", "djl"})
  void resumedTrainingContinuesFromTheCheckpoint(String backend) throws Exception {
    Configuration conf = new Configuration();
    RunDir run = RunDir.at(tmp.toString(), conf);
    TrainSchedule schedule = new TrainSchedule(40, 32, 11);
    // First attempt: stops (here: a shorter schedule) after checkpointing step 20.
    Checkpoints first = new Checkpoints(run.fs(), conf, run.checkpoints("u"), 20);
    TrainLoop.run(classifiers(backend), spec("mlp"), train, new TrainSchedule(21, 32, 11), first, ONE).model().close();
    Checkpoints second = new Checkpoints(run.fs(), conf, run.checkpoints("u"), 20);
    TrainOutcome resumed = TrainLoop.run(classifiers(backend), spec("mlp"), train, schedule, second, ONE);
    resumed.model().close();
    assertThat(resumed.resumedFromStep()).isEqualTo(20);
    assertThat(resumed.stepsRunHere()).isEqualTo(20);
    if (classifiers(backend).restoresOptimizerState()) {
      // With the optimizer state restored, resuming is exact: same result as one straight run.
      Checkpoints fresh = new Checkpoints(run.fs(), conf, run.checkpoints("straight"), 1000);
      TrainOutcome straight = TrainLoop.run(classifiers(backend), spec("mlp"), train, schedule, fresh, ONE);
      straight.model().close();
      assertThat(resumed.finalLoss()).isCloseTo(straight.finalLoss(), org.assertj.core.data.Offset.offset(1e-4));
      assertThat(resumed.curve().points()).as("the curve continues across the resume")
          .extracting(p -> p.step()).isEqualTo(straight.curve().points().stream().map(p -> p.step()).toList());
      assertThat(resumed.curve().points().get(5).trainLoss())
          .as("a point of the first attempt, kept in the checkpoint")
          .isCloseTo(straight.curve().points().get(5).trainLoss(), org.assertj.core.data.Offset.offset(1e-6));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dl4j", "djl"})
  void aKindTheBackendLacksIsAClearError(String backend) {
    assertThatThrownBy(() -> Backends.require(backend, TrainableModel.FAMILY, "transformer"))
        .hasMessageContaining("backend '" + backend + "' has no classifier kind 'transformer'")
        .hasMessageContaining("it has [cnn, mlp]");
  }
}
