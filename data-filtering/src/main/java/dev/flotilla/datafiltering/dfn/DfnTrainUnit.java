package dev.flotilla.datafiltering.dfn;

import dev.flotilla.datafiltering.model.ClipSpec;
import dev.flotilla.datafiltering.model.DjlClipModel;
import dev.flotilla.datafiltering.pool.PoolMaker;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.checkpoint.Checkpoint;
import dev.flotilla.executors.data.ImageData;
import dev.flotilla.executors.data.LabeledImages;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.unit.LearningCurve;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import dev.flotilla.executors.export.ModelUnit;
import dev.flotilla.executors.export.PortableModel;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Trains the filtering network on the small high-quality set: correctly captioned pairs of
 * training images [0, hqImages), disjoint from the pool's images. Checkpointed and resumable.
 */
public record DfnTrainUnit(ClipSpec spec, String dataDir, int hqImages, long steps, int batchSize,
    long seed) implements WorkUnit, ModelUnit {

  public static final String KIND = "dfn-train";
  public static final String MODEL_FILE = "filter.bin";
  /** The learning curve's state in a checkpoint, so a resumed unit continues the same curve. */
  static final String CURVE_FILE = "curve.json";

  @Override public String kind() { return KIND; }
  @Override public String name() { return "dfn-train-" + hqImages + "hq"; }
  @Override public double cost() { return steps * batchSize * 6.0 * spec.macsPerPair() / 20e9 + 1; }

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    LabeledImages hq = ImageData.train(ctx.cache(), dataDir, hqImages, ctx.hadoopConf());
    PoolMaker captions = new PoolMaker(hq, new double[] {1, 0, 0, 0}, seed);
    DjlClipModel model;
    long start = 0;
    Optional<Checkpoint> latest = ctx.checkpoints().latest();
    if (latest.isPresent()) {
      try (InputStream in = latest.get().open(MODEL_FILE)) {
        model = Backends.forKind(DjlClipModel.FAMILY, ClipSpec.KIND).restore(spec, in, ctx.budget());
      }
      start = latest.get().step();
    } else {
      model = Backends.forKind(DjlClipModel.FAMILY, ClipSpec.KIND).build(spec, ctx.seed(), ctx.budget());
    }
    double loss = Double.NaN;
    LearningCurve.Recorder curve = new LearningCurve.Recorder(steps, null);
    if (latest.isPresent() && latest.get().has(CURVE_FILE)) {
      try (InputStream in = latest.get().open(CURVE_FILE)) {
        curve.restore(Json.FILES.readValue(in, LearningCurve.State.class));
      }
    }
    long t0 = System.nanoTime();
    try (model) {
      float[] x = new float[batchSize * hq.exampleSize()];
      int[] idx = new int[batchSize];
      for (long step = start; step < steps; step++) {
        java.util.Random rng = dev.flotilla.executors.Seeds.random(seed, step);
        List<String> texts = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
          idx[i] = rng.nextInt(hq.size());
          texts.add(captions.make(idx[i]).sample().text());
        }
        hq.gather(idx, 0, batchSize, x, new int[batchSize]);
        loss = model.step(x, texts);
        long done = step + 1;
        curve.loss(done, loss);
        if (ctx.checkpoints().due(done) && done < steps) {
          LearningCurve.State state = curve.state();
          ctx.checkpoints().save(done, files -> {
            try (OutputStream out = files.create(MODEL_FILE)) {
              model.save(out);
            }
            try (OutputStream out = files.create(CURVE_FILE)) {
              Json.FILES.writeValue(out, state);
            }
          });
        }
      }
      try (OutputStream out = ctx.fs().create(new Path(ctx.outputDir(), MODEL_FILE), false)) {
        model.save(out);
      }
      return UnitOutput.of(new TrainResult(loss, steps, model.temperature(), (System.nanoTime() - t0) / 1e9,
          latest.map(Checkpoint::step).orElse(-1L)), curve.curve());
    }
  }

  /** The filtering network, both towers. */
  @Override
  public PortableModel portableModel(FileSystem fs, Path unitDir, ComputeBudget budget) throws IOException {
    try (InputStream in = fs.open(new Path(unitDir, MODEL_FILE));
         DjlClipModel m = Backends.forKind(DjlClipModel.FAMILY, ClipSpec.KIND).restore(spec, in, budget)) {
      return m.portable();
    }
  }
}
