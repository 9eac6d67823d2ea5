package dev.flotilla.ensembles.determinism;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.ensembles.sortednet.IndependentTrainUnit;
import dev.flotilla.ensembles.sortednet.SamplingPolicy;
import dev.flotilla.ensembles.sortednet.SubNetwork;
import dev.flotilla.ensembles.sortednet.SortedNetSpec;
import dev.flotilla.ensembles.sortednet.SortedTrainUnit;
import dev.flotilla.ensembles.sortednet.SubNetworkGrid;
import dev.flotilla.ensembles.sortednet.TrainingOptions;
import dev.flotilla.ensembles.sweep.SweepTrainUnit;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.backend.ModelSpec;
import dev.flotilla.executors.backend.TrainableModel;
import dev.flotilla.executors.data.FashionMnist;
import dev.flotilla.executors.data.ValidSplit;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.ComputeBudget;
import dev.flotilla.executors.unit.UnitCodec;
import dev.flotilla.executors.unit.UnitRecord;
import dev.flotilla.executors.unit.UnitRecordCodec;
import dev.flotilla.executors.unit.UnitResult;
import dev.flotilla.executors.unit.UnitRunner;
import dev.flotilla.executors.unit.UnitStatus;
import dev.flotilla.executors.unit.UnitTask;
import dev.flotilla.executors.unit.WorkUnit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same spec, seed and cpus give the same bytes: a small unit runs twice into two run dirs, the
 * second time while another thread of the JVM keeps building DJL models (as a second task slot
 * of {@code local[2]} does), and its committed files (SHA-256) and metrics are compared. Timings
 * are measurements of the machine, not results, and are left out.
 */
class SameSeedSameBytesTest {

  @TempDir Path tmp;

  private static final String DATA = FashionMnist.DEBIAN_DIR;
  private static final ValidSplit VALID = new ValidSplit(200, 3);

  static Stream<Arguments> units() {
    ModelSpec mlp = new ModelSpec(ModelSpec.MLP, List.of(32), 1, 28, 28, 10, 0.003);
    ModelSpec cnn = new ModelSpec(ModelSpec.CNN, List.of(4, 8, 16), 1, 28, 28, 10, 0.003);
    SortedNetSpec nested = new SortedNetSpec(SortedNetSpec.MLP, 32, 2, 1, 28, 28, 10, 0.003);
    SubNetworkGrid grid = new SubNetworkGrid(List.of(0.5, 1.0), List.of(1, 2));
    return Stream.of(
        Arguments.of(new SweepTrainUnit("djl", mlp, DATA, 1200, 300, 25, 40, VALID)),
        Arguments.of(new SweepTrainUnit("djl", cnn, DATA, 1200, 300, 25, 40, VALID)),
        Arguments.of(new SweepTrainUnit("dl4j", mlp, DATA, 1200, 300, 25, 40, VALID)),
        Arguments.of(new SweepTrainUnit("dl4j", cnn, DATA, 1200, 300, 25, 40, VALID)),
        Arguments.of(new SortedTrainUnit("sandwich-s1", nested, grid,
            new SamplingPolicy(SamplingPolicy.SANDWICH, 3, List.of(), List.of()),
            new TrainingOptions(25, 40, 0.3, 2, 0.2, 5), 1, DATA, 1200, VALID)),
        Arguments.of(IndependentTrainUnit.of(new SortedNetSpec(SortedNetSpec.CNN, 8, 3, 1, 28, 28, 10, 0.003),
            new SubNetwork(0.5, 2), new TrainingOptions(25, 40, 0.3, 2, 0.2, 5, TrainingOptions.COSINE),
            1, DATA, 1200, 300, VALID)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("units")
  void sameSpecSeedAndCpusGiveTheSameBytes(WorkUnit unit) throws Exception {
    UnitRecord alone = run(unit, tmp.resolve("alone"));
    AtomicBoolean done = new AtomicBoolean();
    Thread other = new Thread(() -> {
      ModelSpec spec = new ModelSpec(ModelSpec.MLP, List.of(64), 1, 28, 28, 10, 0.001);
      var djl = Backends.require("djl", TrainableModel.FAMILY, ModelSpec.MLP);
      for (long seed = 100; !done.get(); seed++) {
        try (TrainableModel m = djl.build(spec, seed, ComputeBudget.ofCpus(1))) {
          m.parameterCount();
        }
      }
    });
    other.start();
    UnitRecord busy;
    try {
      busy = run(unit, tmp.resolve("busy"));
    } finally {
      done.set(true);
      other.join();
    }
    assertThat(busy.outputs()).as("committed files with their SHA-256").isEqualTo(alone.outputs());
    assertThat(results(busy)).isEqualTo(results(alone));
    assertThat(busy.curve()).as("the learning curve too").isEqualTo(alone.curve());
    assertThat(alone.curve().isEmpty()).isFalse();
  }

  private static Map<String, Double> results(UnitRecord r) {
    Map<String, Double> out = new TreeMap<>(r.metrics());
    out.keySet().removeIf(k -> k.endsWith("seconds") || k.contains("per_second"));
    return out;
  }

  private static UnitRecord run(WorkUnit u, Path dir) throws Exception {
    RunDir run = RunDir.at(dir.toUri().toString(), new Configuration());
    String id = UnitCodec.idOf(u);
    UnitResult result = UnitRunner.run(new UnitTask(id, u.kind(), u.name(), UnitCodec.toJson(u), 0, 1,
        UnitCodec.seedOf(7, id), run.uri(), 1000, Map.of()), 0, "test");
    assertThat(result.status()).as(u.name() + ": " + result.error()).isEqualTo(UnitStatus.COMMITTED);
    return UnitRecordCodec.read(run, id);
  }
}
