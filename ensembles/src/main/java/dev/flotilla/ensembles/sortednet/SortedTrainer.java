package dev.flotilla.ensembles.sortednet;

import dev.flotilla.executors.checkpoint.Checkpoint;
import dev.flotilla.executors.checkpoint.Checkpoints;
import dev.flotilla.executors.backend.Accuracy;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.backend.ModelFactory;
import dev.flotilla.executors.data.EpochBatches;
import dev.flotilla.executors.data.LabeledImages;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.unit.ComputeBudget;
import dev.flotilla.executors.unit.LearningCurve;
import dev.flotilla.executors.unit.UnitOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * Trains a nested model: at each step the policy samples sub-networks (only the full one before
 * the delayed-shrinking switch), their gradients are accumulated, one Adam update follows.
 * Sampling and batches ({@link EpochBatches}) are pure functions of (seed, step), so a resumed run continues the same
 * sequence. Checkpoints hold the weights (Adam's moments restart on resume, as for all DJL units).
 */
public final class SortedTrainer {

  static final String MODEL_FILE = "nested.bin";
  static final String CURVE_FILE = "curve.json";

  /**
   * What a training did: steps, how often each sub-network trained, its cost, and its learning
   * curve (mean loss of the sampled sub-networks per window; the full network's validation
   * accuracy at some steps).
   */
  public record Outcome(DjlNestedModel model, long steps, long resumedFromStep, double seconds,
      double finalLoss, double trainFlops, Map<String, Integer> sampledCounts, long shrinkStep,
      LearningCurve curve, int recomputedSteps) {

    /** The unit's output: its result, the learning curve and, when any, the steps computed twice. */
    public UnitOutput output(Record result) {
      UnitOutput.Builder b = UnitOutput.builder().result(result).curve(curve);
      if (recomputedSteps > 0) {
        b.fact("recomputed_steps", Integer.toString(recomputedSteps));
      }
      return b.build();
    }
  }

  private SortedTrainer() {}

  public static List<SubNetwork> sampleAt(long step, long seed, SubNetworkGrid grid,
      SamplingPolicy policy, TrainingOptions options, SortedNetSpec spec) {
    if (step < options.shrinkStep()) {
      return List.of(spec.largest());
    }
    return policy.sample(grid, dev.flotilla.executors.Seeds.random(seed, step));
  }

  /** Trains without a validation split: the curve holds the training loss only. */
  public static Outcome train(SortedNetSpec spec, SubNetworkGrid grid, SamplingPolicy policy,
      TrainingOptions options, LabeledImages data, long seed, Checkpoints checkpoints,
      ComputeBudget budget) throws IOException {
    return train(spec, grid, policy, options, data, null, seed, checkpoints, budget);
  }

  /** Trains, scoring the full network on {@code valid} (null: none) at the curve's validation steps. */
  public static Outcome train(SortedNetSpec spec, SubNetworkGrid grid, SamplingPolicy policy,
      TrainingOptions options, LabeledImages data, LabeledImages valid, long seed,
      Checkpoints checkpoints, ComputeBudget budget) throws IOException {
    LearningCurve.Recorder curve = new LearningCurve.Recorder(options.steps(),
        valid == null ? null : "full_network_accuracy");
    ModelFactory<SortedNetSpec, DjlNestedModel> nested = Backends.forKind(DjlNestedModel.FAMILY, spec.kind());
    int b = options.batchSize();
    EpochBatches batches = new EpochBatches(data, b, seed);
    DjlNestedModel model;
    long start = 0;
    Optional<Checkpoint> latest = checkpoints.latest();
    if (latest.isPresent()) {
      try (InputStream in = latest.get().open(MODEL_FILE)) {
        model = nested.restore(spec, in, budget);
      }
      start = latest.get().step();
      if (latest.get().has(CURVE_FILE)) {
        try (InputStream in = latest.get().open(CURVE_FILE)) {
          curve.restore(Json.FILES.readValue(in, LearningCurve.State.class));
        }
      }
    } else {
      model = nested.build(spec, seed, budget);
    }
    float[] x = batches.newFeatures();
    int[] y = batches.newLabels();
    double loss = Double.NaN;
    double flops = 0;
    Map<String, Integer> counts = new TreeMap<>();
    long t0 = System.nanoTime();
    try {
      for (long step = start; step < options.steps(); step++) {
        batches.fill(step, x, y);
        List<SubNetwork> sampled = sampleAt(step, seed, grid, policy, options, spec);
        model.setLearningRate(spec.learningRate() * options.lrFactor(step));
        loss = model.step(x, y, b, sampled, step < options.shrinkStep() ? 0 : options.distill(),
            options.temperature());
        if (!Double.isFinite(loss)) {
          throw new ArithmeticException("sorted training diverged at step " + (step + 1) + ": loss " + loss);
        }
        for (SubNetwork s : sampled) {
          counts.merge(s.label(), 1, Integer::sum);
          flops += (double) SortedCost.trainFlops(spec, s) * b;
        }
        if (options.distill() > 0 && step >= options.shrinkStep()) {
          flops += (double) SortedCost.forwardFlops(spec, spec.largest()) * b; // teacher pass
        }
        long done = step + 1;
        curve.loss(done, loss);
        if (curve.validDue(done)) {
          curve.valid(done, accuracy(model, spec.largest(), valid, 500));
        }
        if (checkpoints.due(done) && done < options.steps()) {
          DjlNestedModel m = model;
          LearningCurve.State state = curve.state();
          checkpoints.save(done, files -> {
            try (OutputStream out = files.create(MODEL_FILE)) {
              m.save(out);
            }
            try (OutputStream out = files.create(CURVE_FILE)) {
              Json.FILES.writeValue(out, state);
            }
          });
        }
      }
    } catch (RuntimeException | IOException e) {
      model.close();
      throw e;
    }
    return new Outcome(model, options.steps(), latest.map(Checkpoint::step).orElse(-1L),
        (System.nanoTime() - t0) / 1e9, loss, flops, counts, options.shrinkStep(), curve.curve(),
        model.recomputedSteps());
  }

  /** Top-1 accuracy of sub-network {@code s} on {@code data}. */
  public static double accuracy(DjlNestedModel model, SubNetwork s, LabeledImages data, int batch) {
    return Accuracy.top1((x, n) -> model.probabilities(x, n, s), data, batch);
  }

  /** Top-1 accuracy of an exported network. */
  public static double accuracy(StandaloneNet net, LabeledImages data, int batch) {
    return Accuracy.top1(net::probabilities, data, batch);
  }
}
