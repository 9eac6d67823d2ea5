package dev.flotilla.ensembles.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.backend.ModelCost;
import dev.flotilla.executors.backend.ModelSpec;
import dev.flotilla.executors.backend.TrainLoop;
import dev.flotilla.executors.backend.TrainOutcome;
import dev.flotilla.executors.backend.TrainSchedule;
import dev.flotilla.executors.backend.TrainableModel;
import dev.flotilla.executors.data.ImageData;
import dev.flotilla.executors.data.LabeledImages;
import dev.flotilla.executors.data.ValidSplit;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import dev.flotilla.executors.export.ModelUnit;
import dev.flotilla.executors.export.PortableModel;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.fs.FileSystem;
import java.util.Objects;
import org.apache.hadoop.fs.Path;

/**
 * Trains one classifier of the sweep grid on Fashion-MNIST and evaluates it on the validation
 * split (what ranking reads) and the test split (what is reported beside it). Commits
 * {@code model.bin} (the backend's format) and a {@link SweepResult}. Also the
 * independent-training baseline of SortedNet (one sub-network's architecture trained alone).
 *
 * @param valid the validation split carved from the first {@code trainLimit} training examples,
 *     or null for none (left out of the spec's JSON, so units planned before it keep their ids)
 */
public record SweepTrainUnit(String backend, ModelSpec model, String dataDir, int trainLimit,
    int testLimit, long steps, int batchSize,
    @JsonInclude(JsonInclude.Include.NON_NULL) ValidSplit valid) implements WorkUnit, ModelUnit {

  public static final String KIND = "sweep-train";
  public static final String MODEL_FILE = "model.bin";

  /**
   * Effective training FLOP/s of one core, per backend and model kind, measured by
   * scripts/bench-backends on this machine class; used only to estimate costs (ordering,
   * forecasts), never to report results.
   */
  static double flopsPerSecond(String backend, String kind) {
    boolean cnn = ModelSpec.CNN.equals(kind);
    return switch (backend) {
      case "djl" -> cnn ? 70e9 : 55e9;
      case "dl4j" -> cnn ? 5.6e9 : 40e9;
      default -> 30e9;
    };
  }

  public SweepTrainUnit {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(dataDir, "dataDir");
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String name() {
    return backend + "-" + model.label();
  }

  /** Training FLOPs of this unit: per-example training FLOPs x steps x batch size. */
  public double trainFlops() {
    return (double) ModelCost.trainFlopsPerExample(model) * steps * batchSize;
  }

  @Override
  public double cost() {
    double evalExamples = (testLimit > 0 ? testLimit : 10_000) + (valid == null ? 0 : valid.size());
    double testFlops = (double) ModelCost.forwardFlopsPerExample(model) * evalExamples;
    return (trainFlops() + testFlops) / flopsPerSecond(backend, model.kind());
  }

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    var b = Backends.require(backend, TrainableModel.FAMILY, model.kind());
    LabeledImages train;
    LabeledImages validSet = null;
    if (valid == null) {
      train = ImageData.train(ctx.cache(), dataDir, trainLimit, ctx.hadoopConf());
    } else {
      ValidSplit.Parts parts = valid.of(ctx.cache(), dataDir, trainLimit, ctx.hadoopConf());
      train = parts.train();
      validSet = parts.valid();
    }
    LabeledImages test = ImageData.test(ctx.cache(), dataDir, testLimit, ctx.hadoopConf());
    TrainOutcome outcome = TrainLoop.run(b, model, train,
        new TrainSchedule(steps, batchSize, ctx.seed()), ctx.checkpoints(), ctx.budget(), validSet);
    try (TrainableModel m = outcome.model()) {
      long params = m.parameterCount();
      if (params != ModelCost.parameters(model)) {
        throw new IllegalStateException(backend + " built " + params + " parameters for "
            + model.label() + " but the architecture has " + ModelCost.parameters(model));
      }
      long t0 = System.nanoTime();
      double accuracy = TrainLoop.accuracy(m, test, 500);
      Double validAccuracy = validSet == null ? null : TrainLoop.accuracy(m, validSet, 500);
      double evalSeconds = (System.nanoTime() - t0) / 1e9;
      try (OutputStream out = ctx.fs().create(new Path(ctx.outputDir(), MODEL_FILE), false)) {
        m.save(out);
      }
      return UnitOutput.of(new SweepResult(accuracy, params, trainFlops(),
          ModelCost.forwardFlopsPerExample(model), outcome.seconds(), evalSeconds,
          outcome.examplesPerSecond(batchSize), outcome.finalLoss(), steps, outcome.stepsRunHere(),
          outcome.resumedFromStep(), train.size(), test.size(), backend, model.label(), MODEL_FILE,
          Boolean.toString(outcome.resumedFromStep() < 0 || b.restoresOptimizerState()),
          validAccuracy, validSet == null ? 0 : validSet.size()), outcome.curve());
    }
  }

  @Override
  public PortableModel portableModel(FileSystem fs, Path unitDir, ComputeBudget budget) throws IOException {
    try (InputStream in = fs.open(new Path(unitDir, MODEL_FILE));
         TrainableModel m = Backends.require(backend, TrainableModel.FAMILY, model.kind()).restore(model, in, budget)) {
      return m.portable();
    }
  }
}
