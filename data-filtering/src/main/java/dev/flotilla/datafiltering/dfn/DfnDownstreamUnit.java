package dev.flotilla.datafiltering.dfn;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flotilla.datafiltering.curation.ScoreTables;
import dev.flotilla.datafiltering.pool.CaptionDecoding;
import dev.flotilla.datafiltering.model.ClipSpec;
import dev.flotilla.datafiltering.model.DjlClipModel;
import dev.flotilla.datafiltering.model.CaptionTokenizer;
import dev.flotilla.datafiltering.model.ClipPreprocessing;
import dev.flotilla.datafiltering.pool.GroundTruth;
import dev.flotilla.datafiltering.pool.PoolFormat;
import dev.flotilla.datafiltering.pool.PoolReader;
import dev.flotilla.datafiltering.pool.PoolSample;
import dev.flotilla.executors.Seeds;
import dev.flotilla.executors.backend.Accuracy;
import dev.flotilla.executors.data.ImageData;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.data.LabeledImages;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.LearningCurve;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.Path;

/**
 * DataComp-style downstream evaluation of one subset of the pool: the same dual encoder trained
 * for the same number of steps on {@code all} pairs, a {@code random} subset of the curated
 * size, the {@code dfn}-curated subset, or the {@code oracle} (ground-truth clean) subset, then
 * zero-shot accuracy with class prompts on the Fashion-MNIST test images, or on a user's
 * {@link LabeledFolder} ({@code zeroShot}, null: Fashion-MNIST). Non-UTF-8 captions are
 * replaced or skipped as {@code invalidUtf8} says, as the scoring units did.
 */
public record DfnDownstreamUnit(String subset, List<ShardRef> shards, List<ShardRef> truth, String curateUnitId,
    ClipSpec spec, long steps, int batchSize, String dataDir, int testLimit, long seed,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = CaptionDecoding.DefaultFilter.class)
    CaptionDecoding invalidUtf8,
    @JsonInclude(JsonInclude.Include.NON_NULL) String zeroShot) implements WorkUnit {

  public static final String KIND = "dfn-downstream";
  public static final List<String> SUBSETS = List.of("all", "random", "dfn", "oracle");
  static final String[] PROMPT_CLASSES = {"t-shirt", "trousers", "pullover", "dress", "coat",
      "sandal", "shirt", "sneaker", "bag", "ankle boot"};

  public DfnDownstreamUnit {
    shards = List.copyOf(shards);
    truth = List.copyOf(truth);
    invalidUtf8 = invalidUtf8 == null ? CaptionDecoding.REPLACE : invalidUtf8; // JSON written before the field
    if (!SUBSETS.contains(subset)) {
      throw new IllegalArgumentException("downstream subset must be one of " + SUBSETS + ", got " + subset);
    }
    if (subset.equals("oracle") && truth.isEmpty()) {
      throw new IllegalArgumentException("the oracle subset needs the pool's ground truth");
    }
  }

  @Override public String kind() { return KIND; }
  @Override public String name() { return "downstream-" + subset; }
  @Override public double cost() { return steps * batchSize * 6.0 * spec.macsPerPair() / 20e9 + 2; }

  /** The uids of the subset, or null for the whole pool. */
  private Set<String> members(UnitContext ctx) throws java.io.IOException {
    if (subset.equals("all")) {
      return null;
    }
    Set<String> kept = new HashSet<>();
    ScoreTables.forEachScore(new Path(ctx.committedOutput(curateUnitId), DfnCurateUnit.CURATED_FILE),
        ctx.hadoopConf(), (uid, s) -> kept.add(uid));
    if (subset.equals("dfn")) {
      return kept;
    }
    Set<String> out = new HashSet<>();
    if (subset.equals("oracle")) {
      GroundTruth.forEach(ShardRef.truthFiles(truth, ctx), ctx.hadoopConf(), (uid, clean) -> {
        if (clean) {
          out.add(uid);
        }
      });
      return out;
    }
    // random: exactly the curated size, drawn from every readable pair of the pool, without scores.
    List<String> all = new ArrayList<>();
    for (ShardRef shard : shards) {
      try (PoolReader reader = PoolFormat.open(shard.resolve(ctx), ctx.hadoopConf(), invalidUtf8)) {
        while (reader.hasNext()) {
          all.add(reader.next().uid());
        }
      }
    }
    java.util.Collections.shuffle(all, Seeds.random(seed, 17));
    out.addAll(all.subList(0, Math.min(kept.size(), all.size())));
    return out;
  }

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    Set<String> members = members(ctx);
    long t0 = System.nanoTime();
    CaptionTokenizer tokenizer = Tokenizers.of(ctx, spec);
    ClipPreprocessing pre = spec.preprocessing();
    try (DjlClipModel model = Backends.forKind(DjlClipModel.FAMILY, ClipSpec.KIND).build(spec, seed,
        dev.flotilla.executors.backend.djl.DeviceChoice.AUTO.place(ctx.budget()).budget())) {
      float[] x = new float[batchSize * pre.floats()];
      List<String> texts = new ArrayList<>(batchSize);
      int[] size = new int[2];
      long step = 0;
      long seen = 0;
      double loss = Double.NaN;
      LearningCurve.Recorder curve = new LearningCurve.Recorder(steps, null);
      // Streams the subset's pairs shard after shard, as many passes as the steps need.
      outer:
      while (step < steps) {
        long before = seen;
        for (ShardRef shard : shards) {
          try (PoolReader reader = PoolFormat.open(shard.resolve(ctx), ctx.hadoopConf(), invalidUtf8)) {
            while (reader.hasNext()) {
              PoolSample s = reader.next();
              if (members != null && !members.contains(s.uid())) {
                continue;
              }
              if (pre.apply(s.image(), x, texts.size(), size).isPresent()) {
                continue; // counted by the scoring units; nothing to learn from here
              }
              texts.add(s.text());
              seen++;
              if (texts.size() == batchSize) {
                loss = model.step(x, tokenizer.encode(texts), batchSize);
                texts.clear();
                curve.loss(step + 1, loss);
                if (++step >= steps) {
                  break outer;
                }
              }
            }
          }
        }
        if (seen == before) {
          throw new IllegalStateException("subset " + subset + " has no usable pairs");
        }
      }
      LabeledImages test;
      long[] undecodable = new long[1];
      List<String> prompts = new ArrayList<>();
      if (zeroShot == null) {
        test = ImageData.test(ctx.cache(), dataDir, testLimit, ctx.hadoopConf());
        for (String c : PROMPT_CLASSES) {
          prompts.add("a photo of a " + c);
        }
      } else {
        List<Path> classes = LabeledFolder.classes(zeroShot, ctx.hadoopConf());
        classes.forEach(c -> prompts.add(LabeledFolder.prompt(c)));
        // All of it (test-limit is Fashion-MNIST's), preprocessed as the pool's images.
        test = LabeledFolder.read(classes, ctx.hadoopConf(), undecodable, pre);
      }
      long[] promptTokens = tokenizer.encode(prompts);
      LabeledImages images = test;
      float[] rgb = images.channels() == 1 ? new float[500 * pre.floats()] : null;
      // The prompt with the highest similarity is the predicted class (arg-max, as Accuracy takes);
      // Fashion-MNIST's gray test images go through the network's preprocessing batch by batch.
      double zeroShot = Accuracy.top1((batch, n) -> {
        float[] in = batch;
        if (rgb != null) {
          for (int i = 0; i < n; i++) {
            pre.applyGray(batch, i * images.exampleSize(), images.width(), images.height(), rgb, i);
          }
          in = rgb;
        }
        return model.similarities(in, n, promptTokens, prompts.size());
      }, test, 500);
      return UnitOutput.of(new DownstreamResult(zeroShot, members == null ? -1 : members.size(), seen, steps,
          loss, (System.nanoTime() - t0) / 1e9, subset, undecodable[0] == 0 ? null : undecodable[0]),
          curve.curve());
    }
  }
}
