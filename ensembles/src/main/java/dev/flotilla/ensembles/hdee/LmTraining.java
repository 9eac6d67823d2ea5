package dev.flotilla.ensembles.hdee;

import dev.flotilla.executors.checkpoint.Checkpoint;
import dev.flotilla.executors.export.PortableModel;
import dev.flotilla.executors.unit.ComputeBudget;
import dev.flotilla.executors.unit.LearningCurve;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.lm.LanguageModel;
import dev.flotilla.executors.lm.LearningRateSchedule;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.backend.ModelFactory;
import dev.flotilla.executors.backend.NonFiniteGradientException;
import dev.flotilla.executors.lm.LmSpec;
import dev.flotilla.executors.lm.TokenWindows;
import dev.flotilla.executors.unit.UnitContext;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What seeds and experts share: train a language model for a number of steps (resuming from the
 * unit's checkpoint, else starting from a seed's weights or from scratch), save it, and score
 * every evaluation domain's valid and test windows with it.
 *
 * <p>Output layout of a training unit: {@code model.bin}, {@code model.json} (spec, steps,
 * FLOPs), {@code scores.json} (bits per byte per domain and split) and
 * {@code eval/<domain>.<split>.f32}: ln p of every target of the evaluation windows,
 * little-endian floats, window after window — the raw material of every combiner.
 */
final class LmTraining {

  static final String MODEL = "model.bin";
  static final String MODEL_JSON = "model.json";
  static final String SCORES = "scores.json";
  /** The learning curve's state in a checkpoint, so a resumed unit continues the same curve. */
  static final String CURVE = "curve.json";

  /**
   * @param curve bits per byte on the curve domain's valid windows before the listed steps (a
   *     step the unit resumed past is missing)
   * @param learningCurve training loss (nats per token) per window of steps, and the curve
   *     domain's valid bits per byte where it was measured (the unit record's curve)
   */
  record Outcome(long steps, long resumedFrom, double finalLoss, double seconds, double tokensPerSecond,
      Map<String, Map<String, Double>> bitsPerByte, Map<Long, Double> curve, LearningCurve learningCurve) {

    /** Bits per byte on every evaluation domain's test split, in evaluation order. */
    Map<String, Double> testBitsPerByte() {
      Map<String, Double> test = new LinkedHashMap<>();
      bitsPerByte.forEach((d, s) -> test.put(d, s.get("test")));
      return test;
    }
  }

  /** What the learning curve's validation points measure. */
  static final String VALID_METRIC = "bits_per_byte";

  private LmTraining() {}

  /** The model a training unit committed in {@code unitDir} (its spec from {@code model.json}), portably. */
  static PortableModel portable(FileSystem fs, Path unitDir, ComputeBudget budget) throws IOException {
    LmSpec spec;
    try (InputStream in = fs.open(new Path(unitDir, MODEL_JSON))) {
      spec = Json.FILES.treeToValue(Json.FILES.readTree(in).get("spec"), LmSpec.class);
    }
    try (InputStream in = fs.open(new Path(unitDir, MODEL));
         LanguageModel m = Backends.forKind(LanguageModel.FAMILY, spec.kind()).restore(spec, in, budget)) {
      return m.portable();
    }
  }

  /** Trains for {@code steps} steps of {@code schedule} (whose horizon may lie beyond them). */
  static Outcome run(UnitContext ctx, LmSpec spec, long steps, int batch, LearningRateSchedule schedule,
      List<DomainRef> trainOn, String initFrom, List<DomainRef> evaluate, int evalWindows,
      Map<String, Object> describe) throws IOException {
    return run(ctx, spec, steps, batch, schedule, trainOn, initFrom, evaluate, evalWindows, describe, null, List.of());
  }

  /**
   * As above, also scoring {@code curveDomain}'s valid windows before each of {@code curveSteps}
   * (the learning curve the report's marginal returns come from).
   */
  static Outcome run(UnitContext ctx, LmSpec spec, long steps, int batch, LearningRateSchedule schedule,
      List<DomainRef> trainOn, String initFrom, List<DomainRef> evaluate, int evalWindows,
      Map<String, Object> describe, DomainRef curveDomain, List<Long> curveSteps) throws IOException {
    var backend = Backends.forKind(LanguageModel.FAMILY, spec.kind());
    List<char[]> train = new ArrayList<>();
    for (DomainRef d : trainOn) {
      train.add(Corpus.split(ctx, d, "train"));
    }
    TrainingMix mix = new TrainingMix(train, batch, spec.context() + 1, ctx.seed());

    Optional<Checkpoint> latest = ctx.checkpoints().latest();
    long start = latest.map(Checkpoint::step).orElse(0L);
    LearningCurve.Recorder recorder = new LearningCurve.Recorder(steps,
        curveDomain == null ? null : VALID_METRIC);
    if (latest.isPresent() && latest.get().has(CURVE)) {
      try (InputStream in = latest.get().open(CURVE)) {
        recorder.restore(Json.FILES.readValue(in, LearningCurve.State.class));
      }
    }
    try (LanguageModel m = initial(ctx, backend, spec, latest, initFrom)) {
      double loss = Double.NaN;
      Map<Long, Double> curve = new LinkedHashMap<>();
      long t0 = System.nanoTime();
      for (long step = start; step < steps; step++) {
        if (curveSteps.contains(step)) {
          curve.put(step, validBitsPerByte(ctx, m, curveDomain, evalWindows));
          recorder.valid(step, curve.get(step));
        }
        double lr = schedule.at(step);
        try {
          loss = m.trainStep(mix.batch(step), lr);
        } catch (NonFiniteGradientException e) {
          throw new IllegalStateException("training diverged at step " + step + " (learning rate " + lr + "): "
              + e.getMessage(), e);
        }
        if (!Double.isFinite(loss)) {
          throw new IllegalStateException("training diverged at step " + step + " (loss " + loss + ", learning rate "
              + lr + "); lower the learning rate");
        }
        long done = step + 1;
        recorder.loss(done, loss);
        if (ctx.checkpoints().due(done) && done < steps) {
          LearningCurve.State state = recorder.state();
          ctx.checkpoints().save(done, files -> {
            try (OutputStream out = files.create(MODEL)) {
              m.save(out);
            }
            try (OutputStream out = files.create(CURVE)) {
              Json.FILES.writeValue(out, state);
            }
          });
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      Map<String, Object> info = new LinkedHashMap<>(describe);
      info.put("spec", spec);
      info.put("parameters", m.parameterCount());
      info.put("steps", steps);
      info.put("tokens", steps * batch * (long) spec.context());
      info.put("flops", HdeeCosts.trainFlops(spec, steps, batch));
      info.put("initFrom", initFrom);
      info.put("schedule", schedule);
      info.put("backend", backend.backend());
      save(ctx, m, info);
      Map<String, Map<String, Double>> bpb = evaluate(ctx, m, evaluate, evalWindows);
      try (OutputStream out = ctx.fs().create(new Path(ctx.outputDir(), SCORES), false)) {
        Json.FILES.writeValue(out, bpb);
      }
      Map<String, Double> curveScores = curveDomain == null ? null : bpb.get(curveDomain.name());
      if (curveScores != null && curveScores.get("valid") != null) {
        recorder.valid(steps, curveScores.get("valid"));
      }
      long trained = steps - start;
      return new Outcome(steps, start > 0 ? start : -1, loss, seconds,
          seconds > 0 ? trained * batch * (double) spec.context() / seconds : 0, bpb, curve, recorder.curve());
    }
  }

  /** The unit's latest checkpoint if there is one, else the seed's weights, else a new model. */
  private static LanguageModel initial(UnitContext ctx, ModelFactory<LmSpec, LanguageModel> backend, LmSpec spec, Optional<Checkpoint> latest,
      String initFrom) throws IOException {
    if (latest.isPresent()) {
      try (InputStream in = latest.get().open(MODEL)) {
        return backend.restore(spec, in, ctx.budget());
      }
    }
    if (initFrom != null) {
      try (InputStream in = ctx.fs().open(new Path(ctx.committedOutput(initFrom), MODEL))) {
        return backend.restore(spec, in, ctx.budget());
      }
    }
    return backend.build(spec, ctx.seed(), ctx.budget());
  }

  /** Commits the trained model ({@code model.bin}) and what it is ({@code model.json}). */
  private static void save(UnitContext ctx, LanguageModel m, Map<String, Object> info) throws IOException {
    try (OutputStream out = ctx.fs().create(new Path(ctx.outputDir(), MODEL), false)) {
      m.save(out);
    }
    try (OutputStream out = ctx.fs().create(new Path(ctx.outputDir(), MODEL_JSON), false)) {
      Json.FILES.writeValue(out, info);
    }
  }

  /** Bits per byte on a domain's valid windows (nothing written). */
  private static double validBitsPerByte(UnitContext ctx, LanguageModel m, DomainRef d, int windows)
      throws IOException {
    ByteMetrics metrics = new ByteMetrics();
    Corpus.Windows cw = Corpus.windows(ctx, d, "valid", m.spec().context() + 1, windows);
    List<int[]> w = cw.tokens();
    for (int from = 0; from < w.size(); from += 16) {
      List<int[]> chunk = w.subList(from, Math.min(w.size(), from + 16));
      float[][] lp = m.targetLogProbs(chunk.toArray(int[][]::new));
      for (int i = 0; i < lp.length; i++) {
        metrics.addCounted(lp[i], cw.targetBytes().get(from + i));
      }
    }
    return metrics.bitsPerByte();
  }

  /** Scores the evaluation windows of every domain; returns bits per byte by domain and split. */
  private static Map<String, Map<String, Double>> evaluate(UnitContext ctx, LanguageModel m,
      List<DomainRef> domains, int windows) throws IOException {
    Map<String, Map<String, Double>> bpb = new LinkedHashMap<>();
    int len = m.spec().context() + 1;
    for (DomainRef d : domains) {
      Map<String, Double> bySplit = new LinkedHashMap<>();
      for (String split : List.of("valid", "test")) {
        Corpus.Windows cw = Corpus.windows(ctx, d, split, len, windows);
        List<int[]> w = cw.tokens();
        if (w.isEmpty()) {
          throw new IllegalArgumentException("domain " + d.name() + ": its " + split + " split is shorter than one "
              + "evaluation window of " + len + " tokens; give the domain more text");
        }
        ByteMetrics metrics = new ByteMetrics();
        Path file = new Path(ctx.outputDir(), "eval/" + d.name() + "." + split + ".f32");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(ctx.fs().create(file, false)))) {
          for (int from = 0; from < w.size(); from += 16) {
            List<int[]> chunk = w.subList(from, Math.min(w.size(), from + 16));
            float[][] lp = m.targetLogProbs(chunk.toArray(int[][]::new));
            for (int i = 0; i < lp.length; i++) {
              metrics.addCounted(lp[i], cw.targetBytes().get(from + i));
              for (float v : lp[i]) {
                out.writeInt(Integer.reverseBytes(Float.floatToIntBits(v)));
              }
            }
          }
        }
        bySplit.put(split, metrics.bitsPerByte());
      }
      bpb.put(d.name(), bySplit);
    }
    return bpb;
  }
}
