package dev.flotilla.executors.backend;

import dev.flotilla.executors.checkpoint.Checkpoint;
import dev.flotilla.executors.checkpoint.Checkpoints;
import dev.flotilla.executors.data.EpochBatches;
import dev.flotilla.executors.data.LabeledImages;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.unit.ComputeBudget;
import dev.flotilla.executors.unit.LearningCurve;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The step loop every image-classifier unit shares: deterministic batches ({@link EpochBatches}),
 * checkpoints every N steps, resume from the newest checkpoint, and a learning curve (the mean
 * loss of each window of steps, and the validation accuracy at some steps when given a
 * validation split), kept in checkpoints so a resumed attempt continues it.
 */
public final class TrainLoop {

  static final String MODEL_FILE = "model.bin";
  static final String STEP_FILE = "step.txt";
  static final String CURVE_FILE = "curve.json";

  private TrainLoop() {}

  /** Trains without validation: the curve holds the training loss only. */
  public static TrainOutcome run(ModelFactory<ModelSpec, TrainableModel> backend, ModelSpec spec,
      LabeledImages data, TrainSchedule schedule, Checkpoints checkpoints, ComputeBudget budget)
      throws IOException {
    return run(backend, spec, data, schedule, checkpoints, budget, null);
  }

  /** Trains, scoring top-1 accuracy on {@code valid} (null: none) at the curve's validation steps. */
  public static TrainOutcome run(ModelFactory<ModelSpec, TrainableModel> backend, ModelSpec spec,
      LabeledImages data, TrainSchedule schedule, Checkpoints checkpoints, ComputeBudget budget,
      LabeledImages valid) throws IOException {
    LearningCurve.Recorder curve = new LearningCurve.Recorder(schedule.steps(),
        valid == null ? null : "accuracy");
    int b = schedule.batchSize();
    EpochBatches batches = new EpochBatches(data, b, schedule.seed());
    TrainableModel model;
    long start = 0;
    Optional<Checkpoint> latest = checkpoints.latest();
    if (latest.isPresent()) {
      Checkpoint c = latest.get();
      try (InputStream in = c.open(MODEL_FILE)) {
        model = backend.restore(spec, in, budget);
      }
      start = c.step();
      if (c.has(CURVE_FILE)) {
        try (InputStream in = c.open(CURVE_FILE)) {
          curve.restore(Json.FILES.readValue(in, LearningCurve.State.class));
        }
      }
    } else {
      model = backend.build(spec, schedule.seed(), budget);
    }
    float[] x = batches.newFeatures();
    int[] y = batches.newLabels();
    double loss = Double.NaN;
    long t0 = System.nanoTime();
    try {
      for (long step = start; step < schedule.steps(); step++) {
        batches.fill(step, x, y);
        loss = model.trainStep(x, y, b);
        if (!Double.isFinite(loss)) {
          throw new ArithmeticException("training diverged at step " + (step + 1) + " of "
              + spec.label() + ": loss " + loss + " (lower the learning rate)");
        }
        long done = step + 1;
        curve.loss(done, loss);
        if (curve.validDue(done)) {
          curve.valid(done, accuracy(model, valid, 500));
        }
        if (checkpoints.due(done) && done < schedule.steps()) {
          TrainableModel m = model;
          LearningCurve.State state = curve.state();
          checkpoints.save(done, files -> {
            try (OutputStream out = files.create(MODEL_FILE)) {
              m.save(out);
            }
            try (OutputStream out = files.create(CURVE_FILE)) {
              Json.FILES.writeValue(out, state);
            }
            try (OutputStream out = files.create(STEP_FILE)) {
              out.write(Long.toString(done).getBytes(StandardCharsets.UTF_8));
            }
          });
        }
      }
    } catch (RuntimeException | IOException e) {
      model.close();
      throw e;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new TrainOutcome(model, schedule.steps(), schedule.steps() - start,
        latest.map(Checkpoint::step).orElse(-1L), seconds, loss, curve.curve());
  }

  /** Top-1 accuracy over all of {@code data}, in batches. */
  public static double accuracy(TrainableModel model, LabeledImages data, int batch) {
    return Accuracy.top1(model::probabilities, data, batch);
  }
}
