package dev.flotilla.ensembles.sortednet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.executors.checkpoint.Checkpoints;
import dev.flotilla.executors.data.FashionMnist;
import dev.flotilla.executors.data.LabeledImages;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The nesting itself, on real Fashion-MNIST test images. */
class NestedModelTest {

  static LabeledImages train;
  static LabeledImages test;
  static final ComputeBudget ONE = ComputeBudget.ofCpus(1);

  @TempDir Path tmp;

  @BeforeAll
  static void data() throws Exception {
    train = FashionMnist.train(Path.of(FashionMnist.DEBIAN_DIR)).head(2000);
    test = FashionMnist.test(Path.of(FashionMnist.DEBIAN_DIR)).head(1000);
  }

  /** {@code variant}: a model kind, with {@code -res} for residual blocks. */
  static SortedNetSpec spec(String variant) {
    String kind = variant.replace("-res", "");
    return new SortedNetSpec(kind, SortedNetSpec.MLP.equals(kind) ? 64 : 16, 4, 1, 28, 28, 10, 3e-3,
        variant.endsWith("-res"));
  }

  static final List<SubNetwork> SUBS = List.of(new SubNetwork(0.25, 1), new SubNetwork(0.5, 3),
      new SubNetwork(0.8, 2), new SubNetwork(1.0, 4));

  /** A few training steps so the weights are not at their symmetric start. */
  static DjlNestedModel trained(String kind) {
    SortedNetSpec spec = spec(kind);
    // Through the registry: the ensembles module contributes this family to it.
    DjlNestedModel m = Backends.require("djl", DjlNestedModel.FAMILY, spec.kind()).build(spec, 7, ONE);
    float[] x = new float[64 * 784];
    int[] y = new int[64];
    for (int s = 0; s < 5; s++) {
      train.slice(s * 64, 64, x, y);
      m.step(x, y, 64, SUBS, 0.5, 2.0);
    }
    return m;
  }

  @ParameterizedTest
  @ValueSource(strings = {"mlp", "cnn", "mlp-res", "cnn-res"})
  void exportedSubNetworkEqualsNestedForwardOnTheTestSet(String kind) throws Exception {
    try (DjlNestedModel m = trained(kind)) {
      float[] x = new float[test.size() * 784];
      int[] y = new int[test.size()];
      test.slice(0, test.size(), x, y);
      for (SubNetwork s : SUBS) {
        float[] nested = m.probabilities(x, test.size(), s);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (StandaloneNet exported = m.export(s)) {
          exported.save(bytes);
        }
        try (StandaloneNet loaded = StandaloneNet.load(new ByteArrayInputStream(bytes.toByteArray()))) {
          float[] alone = loaded.probabilities(x, test.size());
          // Which side went wrong, if one did: the nested forward or the exported one.
          assertThat(nonFinite(nested)).as(kind + " " + s.label() + ": non-finite nested probabilities").isZero();
          assertThat(nonFinite(alone)).as(kind + " " + s.label() + ": non-finite exported probabilities").isZero();
          float maxDiff = 0;
          for (int i = 0; i < alone.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(alone[i] - nested[i]));
          }
          assertThat(maxDiff).as(kind + " " + s.label()).isLessThan(1e-5f);
          assertThat(loaded.parameterCount()).isEqualTo(SortedCost.parameters(spec(kind), s));
        }
      }
      assertThat(m.parameterCount()).isEqualTo(SortedCost.parameters(spec(kind), spec(kind).largest()));
      assertThat(m.threads()).as("its budget's cores").isEqualTo(1);
    }
  }

  static int nonFinite(float[] values) {
    int n = 0;
    for (float v : values) {
      n += Float.isFinite(v) ? 0 : 1;
    }
    return n;
  }

  @ParameterizedTest
  @ValueSource(strings = {"mlp", "cnn", "mlp-res", "cnn-res"})
  void unitsOutsideTheSampledSubNetworkGetZeroGradient(String kind) {
    SortedNetSpec spec = spec(kind);
    SubNetwork s = new SubNetwork(0.5, 2);
    int k = s.units(spec.width());
    try (DjlNestedModel m = trained(kind)) {
      float[] x = new float[32 * 784];
      int[] y = new int[32];
      train.slice(0, 32, x, y);
      Map<String, float[]> g = m.gradients(x, y, 32, s);
      // Blocks beyond the depth: no gradient at all.
      for (int b = s.depth(); b < spec.depth(); b++) {
        assertThat(g.get("w" + b)).containsOnly(0f);
        assertThat(g.get("b" + b)).containsOnly(0f);
      }
      // Inside the depth: rows >= k (output units) are zero, and some row < k is not.
      for (int b = 0; b < s.depth(); b++) {
        long[] shape = m.shapeOf("w" + b).getShape();
        int rowSize = (int) (shape[1] * (shape.length > 2 ? shape[2] * shape[3] : 1));
        float[] w = g.get("w" + b);
        float inside = 0;
        for (int r = 0; r < spec.width(); r++) {
          for (int c = 0; c < rowSize; c++) {
            float v = w[r * rowSize + c];
            if (r >= k) {
              assertThat(v).as("w%d[%d,%d]", b, r, c).isZero();
            } else {
              inside = Math.max(inside, Math.abs(v));
            }
          }
        }
        assertThat(inside).as("block %d gets gradient inside the sub-network", b).isGreaterThan(0f);
        float[] bias = g.get("b" + b);
        for (int r = k; r < spec.width(); r++) {
          assertThat(bias[r]).isZero();
        }
      }
      // Head: the columns of units >= k are zero.
      float[] head = g.get("head_w");
      int per = spec.headInputsPerUnit();
      int row = spec.width() * per;
      for (int c = 0; c < spec.classes(); c++) {
        for (int j = k * per; j < row; j++) {
          assertThat(head[c * row + j]).isZero();
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mlp"})
  void killedTrainingResumesFromItsCheckpoint(String kind) throws Exception {
    Configuration conf = new Configuration();
    RunDir run = RunDir.at(tmp.toString(), conf);
    SubNetworkGrid grid = new SubNetworkGrid(List.of(0.25, 0.5, 1.0), List.of(2, 4));
    SamplingPolicy policy = new SamplingPolicy(SamplingPolicy.SANDWICH, 3, List.of(), List.of());
    // First attempt stops after step 20 was checkpointed (a shorter schedule stands in for the kill).
    TrainingOptions first = new TrainingOptions(21, 50, 0, 1, 0.25, 5);
    SortedTrainer.train(spec(kind), grid, policy, first, train, 3,
        new Checkpoints(run.fs(), conf, run.checkpoints("t"), 10), ONE).model().close();
    TrainingOptions full = new TrainingOptions(40, 50, 0, 1, 0.25, 5);
    var resumed = SortedTrainer.train(spec(kind), grid, policy, full, train, 3,
        new Checkpoints(run.fs(), conf, run.checkpoints("t"), 10), ONE);
    resumed.model().close();
    assertThat(resumed.resumedFromStep()).isEqualTo(20);
    int trainedHere = resumed.sampledCounts().values().stream().mapToInt(Integer::intValue).sum();
    assertThat(trainedHere).as("20 steps of 3 sub-networks after the switch").isEqualTo(20 * 3);
  }

  @org.junit.jupiter.api.Test
  void aBackendWithoutNestedNetsIsNamedWithTheOneThatHasThem() {
    assertThatThrownBy(() -> Backends.require("dl4j", DjlNestedModel.FAMILY, SortedNetSpec.MLP))
        .hasMessage("backend 'dl4j' builds no nested-net models (backends that do: [djl])");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mlp"})
  void badGridsAreNamed(String kind) {
    assertThatThrownBy(() -> new SubNetworkGrid(List.of(0.5, 1.2), List.of(1)))
        .hasMessageContaining("width grid value 1.2 is outside (0, 1]");
    assertThatThrownBy(() -> new SubNetworkGrid(List.of(0.0, 1.0), List.of(1)))
        .hasMessageContaining("outside (0, 1]");
    assertThatThrownBy(() -> new SubNetworkGrid(List.of(0.5, 1.0), List.of(1, 6)).check(spec(kind)))
        .hasMessageContaining("depth grid value 6 is beyond the model's 4 blocks");
  }

}
