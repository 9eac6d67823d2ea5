package dev.flotilla.executors.backend;

import dev.flotilla.executors.checkpoint.Checkpoint;
import dev.flotilla.executors.checkpoint.Checkpoints;
import dev.flotilla.executors.data.LabeledImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The step loop every image-classifier unit shares: deterministic batches, checkpoints every N
 * steps, resume from the newest checkpoint.
 *
 * <p>Batches are a pure function of (seed, step): epoch {@code e} visits a permutation seeded by
 * {@code seed + e}, so an attempt resumed at step s sees the same batches the failed one would
 * have seen from s on.
 */
public final class TrainLoop {

  static final String MODEL_FILE = "model.bin";
  static final String STEP_FILE = "step.txt";

  private TrainLoop() {}

  public static TrainOutcome run(Backend backend, ModelSpec spec, LabeledImages data,
      TrainSchedule schedule, Checkpoints checkpoints) throws IOException {
    int b = schedule.batchSize();
    if (data.size() < b) {
      throw new IllegalArgumentException("batch size " + b + " exceeds the " + data.size()
          + " training examples");
    }
    TrainableModel model;
    long start = 0;
    Optional<Checkpoint> latest = checkpoints.latest();
    if (latest.isPresent()) {
      Checkpoint c = latest.get();
      try (InputStream in = c.open(MODEL_FILE)) {
        model = backend.restore(spec, in);
      }
      start = c.step();
    } else {
      model = backend.build(spec, schedule.seed());
    }
    int stepsPerEpoch = data.size() / b;
    float[] x = new float[b * data.exampleSize()];
    int[] y = new int[b];
    int[] order = null;
    long orderEpoch = -1;
    double loss = Double.NaN;
    long t0 = System.nanoTime();
    try {
      for (long step = start; step < schedule.steps(); step++) {
        long epoch = step / stepsPerEpoch;
        if (epoch != orderEpoch) {
          order = data.permutation(schedule.seed() + epoch);
          orderEpoch = epoch;
        }
        data.gather(order, (int) (step % stepsPerEpoch) * b, b, x, y);
        loss = model.trainStep(x, y, b);
        if (!Double.isFinite(loss)) {
          throw new ArithmeticException("training diverged at step " + (step + 1) + " of "
              + spec.label() + ": loss " + loss + " (lower the learning rate)");
        }
        long done = step + 1;
        if (checkpoints.due(done) && done < schedule.steps()) {
          TrainableModel m = model;
          checkpoints.save(done, files -> {
            try (OutputStream out = files.create(MODEL_FILE)) {
              m.save(out);
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
        latest.map(Checkpoint::step).orElse(-1L), seconds, loss);
  }

  /** Top-1 accuracy over all of {@code data}, in batches. */
  public static double accuracy(TrainableModel model, LabeledImages data, int batch) {
    int correct = 0;
    int d = data.exampleSize();
    int classes = data.classes();
    float[] x = new float[batch * d];
    int[] y = new int[batch];
    for (int from = 0; from < data.size(); from += batch) {
      int n = Math.min(batch, data.size() - from);
      data.slice(from, n, x, y);
      float[] p = model.probabilities(x, n);
      for (int i = 0; i < n; i++) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
          if (p[i * classes + c] > p[i * classes + best]) {
            best = c;
          }
        }
        if (best == y[i]) {
          correct++;
        }
      }
    }
    return data.size() == 0 ? 0 : correct / (double) data.size();
  }
}
