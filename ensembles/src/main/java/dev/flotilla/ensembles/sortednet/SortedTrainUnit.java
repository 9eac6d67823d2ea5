package dev.flotilla.ensembles.sortednet;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flotilla.executors.data.ImageData;
import dev.flotilla.executors.data.LabeledImages;
import dev.flotilla.executors.data.ValidSplit;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * One sorted training (a policy and a seed): commits {@code nested.bin}, {@code training.json}
 * (how often each sub-network was sampled) and a {@link SortedTrainResult}.
 *
 * @param valid the validation split held out of training (the evaluation units score it), or
 *     null for none (left out of the spec's JSON, so earlier units keep their ids)
 */
public record SortedTrainUnit(String label, SortedNetSpec spec, SubNetworkGrid grid,
    SamplingPolicy policy, TrainingOptions options, long seed, String dataDir, int trainLimit,
    @JsonInclude(JsonInclude.Include.NON_NULL) ValidSplit valid) implements WorkUnit {

  public static final String KIND = "sortednet-train";
  public static final String MODEL_FILE = "nested.bin";
  /** Effective training FLOP/s of the nested model on one core (small sliced layers), for costs. */
  static final double FLOPS_PER_SECOND = 25e9;

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String name() {
    return "sorted-" + spec.kind() + "-" + label;
  }

  /** Expected training FLOPs: the full network alone until the switch, then the policy's mix. */
  public double expectedTrainFlops() {
    double full = SortedCost.trainFlops(spec, spec.largest());
    double mean = grid.all().stream().mapToDouble(s -> SortedCost.trainFlops(spec, s)).average().orElse(full);
    double perStep = policy.kind().equals(SamplingPolicy.SANDWICH)
        ? full + SortedCost.trainFlops(spec, grid.all().get(0)) + (policy.perStep() - 2) * mean
        : policy.perStep() * mean;
    long after = options.steps() - options.shrinkStep();
    return (options.shrinkStep() * full + after * perStep) * options.batchSize();
  }

  @Override
  public double cost() {
    return expectedTrainFlops() / FLOPS_PER_SECOND;
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
    SortedTrainer.Outcome o = SortedTrainer.train(spec, grid, policy, options, train, validSet, seed,
        ctx.checkpoints(), ctx.budget());
    try (var model = o.model()) {
      try (OutputStream out = ctx.fs().create(new Path(ctx.outputDir(), MODEL_FILE), false)) {
        model.save(out);
      }
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("sampledCounts", o.sampledCounts());
      record.put("trainFlopsThisAttempt", o.trainFlops());
      record.put("shrinkStep", o.shrinkStep());
      try (OutputStream out = ctx.fs().create(new Path(ctx.outputDir(), "training.json"), false)) {
        Json.FILES.writeValue(out, record);
      }
      int sampled = o.sampledCounts().values().stream().mapToInt(Integer::intValue).sum();
      return o.output(new SortedTrainResult(expectedTrainFlops(), o.trainFlops(), o.seconds(),
          o.finalLoss(), o.steps(), o.resumedFromStep(), model.parameterCount(),
          o.seconds() > 0 ? sampled * (double) options.batchSize() / o.seconds() : 0, MODEL_FILE,
          policy.kind()));
    }
  }
}
