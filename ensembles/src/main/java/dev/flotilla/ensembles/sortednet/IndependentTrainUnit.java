package dev.flotilla.ensembles.sortednet;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flotilla.executors.checkpoint.Checkpoints;
import dev.flotilla.executors.data.ImageData;
import dev.flotilla.executors.data.LabeledImages;
import dev.flotilla.executors.data.ValidSplit;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.io.OutputStream;
import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * The independent baseline of one sub-network: its architecture (the first {@code k} units of
 * the first {@code d} blocks and the head, mlp or cnn) as a model of its own, trained alone by the
 * same code, optimizer, learning-rate schedule, batches and steps as the sorted training, then
 * scored on the validation and test splits. Same recipe on both sides, so the sorted / alone
 * ratio measures sorting only.
 *
 * @param subnetwork which sub-network of {@code spec} this architecture is
 * @param options    the sorted training's options, without distillation or shrinking
 */
public record IndependentTrainUnit(SortedNetSpec spec, SubNetwork subnetwork, TrainingOptions options,
    long seed, String dataDir, int trainLimit, int testLimit,
    @JsonInclude(JsonInclude.Include.NON_NULL) ValidSplit valid) implements WorkUnit {

  public static final String KIND = "sortednet-independent";
  public static final String MODEL_FILE = "alone.bin";

  /** The unit that trains {@code s} of {@code spec} alone with the sorted training's {@code options}. */
  public static IndependentTrainUnit of(SortedNetSpec spec, SubNetwork s, TrainingOptions options,
      long seed, String dataDir, int trainLimit, int testLimit, ValidSplit valid) {
    spec.check(s);
    return new IndependentTrainUnit(spec, s, options.alone(), seed, dataDir, trainLimit, testLimit, valid);
  }

  /** Sub-network {@code subnetwork} of {@code spec} as a full network of its own. */
  public SortedNetSpec aloneSpec() {
    return spec.resized(subnetwork.units(spec.width()), subnetwork.depth());
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String name() {
    return "alone-" + spec.kind() + "-" + subnetwork.label();
  }

  public double trainFlops() {
    SortedNetSpec alone = aloneSpec();
    return (double) SortedCost.trainFlops(alone, alone.largest()) * options.steps() * options.batchSize();
  }

  @Override
  public double cost() {
    return trainFlops() / SortedTrainUnit.FLOPS_PER_SECOND;
  }

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    LabeledImages train = ImageData.train(ctx.cache(), dataDir, trainLimit, ctx.hadoopConf());
    LabeledImages validSet = null;
    if (valid != null) {
      ValidSplit.Parts parts = valid.of(ctx.cache(), dataDir, trainLimit, ctx.hadoopConf());
      train = parts.train();
      validSet = parts.valid();
    }
    LabeledImages test = ImageData.test(ctx.cache(), dataDir, testLimit, ctx.hadoopConf());
    SortedNetSpec alone = aloneSpec();
    SubNetworkGrid one = new SubNetworkGrid(List.of(1.0), List.of(alone.depth()));
    SamplingPolicy only = new SamplingPolicy(SamplingPolicy.UNIFORM, 1, List.of(), List.of());
    Checkpoints checkpoints = ctx.checkpoints();
    SortedTrainer.Outcome o = SortedTrainer.train(alone, one, only, options, train, validSet, seed,
        checkpoints, ctx.budget());
    try (var model = o.model()) {
      try (OutputStream out = ctx.fs().create(new Path(ctx.outputDir(), MODEL_FILE), false)) {
        model.save(out);
      }
      double accuracy = SortedTrainer.accuracy(model, alone.largest(), test, 500);
      Double validAccuracy = validSet == null ? null : SortedTrainer.accuracy(model, alone.largest(), validSet, 500);
      return o.output(new IndependentResult(subnetwork.label(), accuracy, validAccuracy,
          trainFlops(), o.seconds(), o.finalLoss(), o.steps(), model.parameterCount(), MODEL_FILE));
    }
  }
}
