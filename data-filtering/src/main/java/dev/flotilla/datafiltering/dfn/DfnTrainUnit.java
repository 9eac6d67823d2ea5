package dev.flotilla.datafiltering.dfn;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flotilla.datafiltering.model.CaptionTokenizer;
import dev.flotilla.datafiltering.model.ClipPreprocessing;
import dev.flotilla.datafiltering.model.ClipSpec;
import dev.flotilla.datafiltering.model.DjlClipModel;
import dev.flotilla.datafiltering.pool.CaptionDecoding;
import dev.flotilla.datafiltering.pool.PoolMaker;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.backend.djl.DeviceChoice;
import dev.flotilla.executors.checkpoint.Checkpoint;
import dev.flotilla.executors.data.ImageData;
import dev.flotilla.executors.data.LabeledImages;
import dev.flotilla.executors.export.ModelUnit;
import dev.flotilla.executors.export.PortableModel;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.unit.ComputeBudget;
import dev.flotilla.executors.unit.LearningCurve;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Trains the filtering network on the high-quality set: by default correctly captioned pairs of
 * Fashion-MNIST training images [0, hqImages), disjoint from the pool's images (gray, made RGB
 * by the network's CLIP preprocessing as a gray PNG would be); or, with
 * {@code hqShards}, every usable pair of the user's WebDataset/Parquet shards ({@link HqPairs},
 * captions read as {@code invalidUtf8} says), the pairs left out counted in the result.
 * Checkpointed and resumable: batch {@code step} draws from {@code Seeds.random(seed, step)}.
 */
public record DfnTrainUnit(ClipSpec spec, String dataDir, int hqImages, long steps, int batchSize,
    long seed, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> hqShards,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = CaptionDecoding.DefaultFilter.class)
    CaptionDecoding invalidUtf8) implements WorkUnit, ModelUnit {

  public static final String KIND = "dfn-train";
  public static final String MODEL_FILE = "filter.bin";
  /** The learning curve's state in a checkpoint, so a resumed unit continues the same curve. */
  static final String CURVE_FILE = "curve.json";

  public DfnTrainUnit {
    hqShards = hqShards == null ? List.of() : List.copyOf(hqShards); // JSON written before the field
    invalidUtf8 = invalidUtf8 == null ? CaptionDecoding.REPLACE : invalidUtf8;
  }

  /** Training on the Fashion-MNIST high-quality set (images [0, hqImages)). */
  public DfnTrainUnit(ClipSpec spec, String dataDir, int hqImages, long steps, int batchSize, long seed) {
    this(spec, dataDir, hqImages, steps, batchSize, seed, List.of(), CaptionDecoding.REPLACE);
  }

  @Override public String kind() { return KIND; }
  @Override public String name() {
    return hqShards.isEmpty() ? "dfn-train-" + hqImages + "hq" : "dfn-train-hq-" + hqShards.size() + "-shards";
  }
  @Override public double cost() { return steps * batchSize * 6.0 * spec.macsPerPair() / 20e9 + 1; }

  /**
   * Pairs to draw batches from: the caption of pair i, and its image either among Fashion-MNIST's
   * gray {@code images} or the user's preprocessed set {@code user} (the other one null).
   */
  private record Pairs(int size, java.util.function.IntFunction<String> caption, LabeledImages images, HqPairs user) {

    /** Images {@code idx} preprocessed for the network into slots 0..n-1 of {@code x}. */
    void gather(int[] idx, int n, ClipPreprocessing pre, float[] x, float[] gray) {
      if (user != null) {
        user.gather(idx, n, x);
        return;
      }
      images.gather(idx, 0, n, gray, new int[n]);
      for (int i = 0; i < n; i++) {
        pre.applyGray(gray, i * images.exampleSize(), images.width(), images.height(), x, i);
      }
    }
  }

  private Pairs pairs(UnitContext ctx) throws IOException {
    if (hqShards.isEmpty()) {
      LabeledImages hq = ImageData.train(ctx.cache(), dataDir, hqImages, ctx.hadoopConf());
      PoolMaker captions = new PoolMaker(hq, new double[] {1, 0, 0, 0}, seed);
      return new Pairs(hq.size(), i -> captions.make(i).sample().text(), hq, null);
    }
    HqPairs user = HqPairs.read(hqShards, ctx.hadoopConf(), invalidUtf8, Runtime.getRuntime().maxMemory() / 4,
        spec.preprocessing());
    if (user.size() < 2) {
      throw new IllegalStateException("high-quality set (dfn.train.hq): " + user.size() + " usable pair(s) in "
          + hqShards.size() + " shard(s) starting with " + hqShards.get(0) + " (left out: " + user.skipped()
          + "); contrastive training needs at least 2");
    }
    return new Pairs(user.size(), user.captions()::get, null, user);
  }

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    Pairs hq = pairs(ctx);
    CaptionTokenizer tokenizer = Tokenizers.of(ctx, spec);
    // Training takes the unit's GPU when PyTorch can use it, else the CPU (said in the result).
    DeviceChoice.Placement placed = DeviceChoice.AUTO.place(ctx.budget());
    ComputeBudget budget = placed.budget();
    DjlClipModel model;
    long start = 0;
    Optional<Checkpoint> latest = ctx.checkpoints().latest();
    if (latest.isPresent()) {
      try (InputStream in = latest.get().open(MODEL_FILE)) {
        model = Backends.forKind(DjlClipModel.FAMILY, ClipSpec.KIND).restore(spec, in, budget);
      }
      start = latest.get().step();
    } else {
      model = Backends.forKind(DjlClipModel.FAMILY, ClipSpec.KIND).build(spec, ctx.seed(), budget);
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
      int n = hq.size();
      ClipPreprocessing pre = spec.preprocessing();
      float[] x = new float[batchSize * pre.floats()];
      float[] gray = hq.images() == null ? null : new float[batchSize * hq.images().exampleSize()];
      int[] idx = new int[batchSize];
      for (long step = start; step < steps; step++) {
        java.util.Random rng = dev.flotilla.executors.Seeds.random(seed, step);
        List<String> texts = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
          idx[i] = rng.nextInt(n);
          texts.add(hq.caption().apply(idx[i]));
        }
        hq.gather(idx, batchSize, pre, x, gray);
        loss = model.step(x, tokenizer.encode(texts), batchSize);
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
      HqPairs user = hq.user();
      return UnitOutput.of(new TrainResult(loss, steps, model.temperature(), (System.nanoTime() - t0) / 1e9,
          latest.map(Checkpoint::step).orElse(-1L), user == null ? null : (long) user.size(),
          user == null ? null : Map.copyOf(user.skipped().asMap()), placed.deviceName(), placed.fallback()),
          curve.curve());
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
