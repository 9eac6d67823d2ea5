package dev.flotilla.datafiltering.dfn;

import dev.flotilla.datafiltering.curation.ScoreTables;
import dev.flotilla.datafiltering.model.ClipSpec;
import dev.flotilla.datafiltering.model.DjlClipModel;
import dev.flotilla.datafiltering.model.PretrainedClip;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flotilla.datafiltering.pool.BasicFilter;
import dev.flotilla.datafiltering.pool.CaptionDecoding;
import dev.flotilla.datafiltering.pool.PoolFormat;
import dev.flotilla.datafiltering.pool.PoolReader;
import dev.flotilla.datafiltering.pool.PoolSample;
import dev.flotilla.datafiltering.pool.SkipCounts;
import dev.flotilla.datafiltering.pool.UidSet;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.backend.djl.DeviceChoice;
import dev.flotilla.executors.unit.ComputeBudget;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Scores one pool shard (WebDataset tar or Parquet) with the filtering network (the one the job
 * trained, unit {@code modelUnitId}, or a user's TorchScript CLIP): streams it in batches, writes
 * {@code scores.parquet} (uid, score) and counts every sample it cannot score, per reason. With a
 * {@link BasicFilter} (null: none), pairs it rejects are counted ({@code prefiltered_*}) and not
 * scored, so they can never be kept. Captions that are not UTF-8 are counted and replaced or
 * skipped as {@code invalidUtf8} says. The network runs where {@code device} says
 * ({@code dfn.score.device}: the GPU Spark assigned to the task, or the CPU); the device used, and
 * why {@code auto} fell back to the CPU, are in the unit's result.
 */
public record DfnScoreUnit(ShardRef shard, String modelUnitId, ClipSpec spec, int batchSize,
    BasicFilter basicFilter,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = CaptionDecoding.DefaultFilter.class)
    CaptionDecoding invalidUtf8,
    @JsonInclude(JsonInclude.Include.NON_NULL) PretrainedClip pretrained,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = AutoDevice.class) DeviceChoice device)
    implements WorkUnit {

  public static final String KIND = "dfn-score";
  public static final String SCORES_FILE = "scores.parquet";

  /** The score table that scoring unit {@code unitId} committed. */
  static Path scoreTable(UnitContext ctx, String unitId) {
    return new Path(ctx.committedOutput(unitId), SCORES_FILE);
  }

  public DfnScoreUnit {
    invalidUtf8 = invalidUtf8 == null ? CaptionDecoding.REPLACE : invalidUtf8; // JSON written before the field
    device = device == null ? DeviceChoice.AUTO : device; // likewise
    if ((pretrained == null) == (modelUnitId == null)) {
      throw new IllegalArgumentException("a scoring unit needs either the trained network's unit or a pretrained CLIP");
    }
  }

  /** A unit scoring {@code shard} with the network trained by unit {@code modelUnitId}. */
  public static DfnScoreUnit trained(ShardRef shard, String modelUnitId, ClipSpec spec, int batchSize,
      BasicFilter basicFilter, CaptionDecoding invalidUtf8, DeviceChoice device) {
    return new DfnScoreUnit(shard, modelUnitId, spec, batchSize, basicFilter, invalidUtf8, null, device);
  }

  /** A unit scoring {@code shard} with a user's TorchScript CLIP. */
  public static DfnScoreUnit pretrained(ShardRef shard, PretrainedClip model, int batchSize, BasicFilter basicFilter,
      CaptionDecoding invalidUtf8, DeviceChoice device) {
    return new DfnScoreUnit(shard, null, null, batchSize, basicFilter, invalidUtf8, model, device);
  }

  /** Leaves the default device ({@code auto}) out of the unit's JSON, so plans made before it keep their ids. */
  static final class AutoDevice {
    @Override
    public boolean equals(Object value) {
      return value == null || value == DeviceChoice.AUTO;
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }

  @Override public String kind() { return KIND; }
  @Override public String name() {
    return "score-" + (shard.unitId() != null ? shard.unitId().replaceAll("-[0-9a-f]{10}$", "")
        : new Path(shard.file()).getName());
  }
  @Override public double cost() { return 1; }

  /**
   * One filtering network per executor JVM (its cache), loaded by the first unit that needs it;
   * per budget, as a model runs its batches with the budget it was built with.
   */
  static DjlClipModel model(UnitContext ctx, Path file, ClipSpec spec, ComputeBudget budget)
      throws java.io.IOException {
    String key = "filtering-network:" + file + "#" + spec + "@" + budget;
    return ctx.cache().get(key, DjlClipModel.class, () -> {
      try (InputStream in = ctx.fs().open(file)) {
        return Backends.forKind(DjlClipModel.FAMILY, ClipSpec.KIND).restore(spec, in, budget);
      } catch (java.io.IOException e) {
        throw new java.io.IOException("cannot load the filtering network " + file, e);
      }
    }, DjlClipModel::weightBytes);
  }

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    DeviceChoice.Placement placed;
    try {
      placed = device.place(ctx.budget());
    } catch (IllegalStateException e) {
      // The attempt's record names the executor and host; the line names the key and the reason.
      throw new IllegalStateException("dfn.score.device = " + device.configName() + ": "
          + e.getMessage().replaceFirst("^device gpu: ", ""), e);
    }
    PairScorer model = pretrained != null ? PretrainedScorer.of(ctx, pretrained, placed.budget())
        : new TrainedScorer(model(ctx, new Path(ctx.committedOutput(modelUnitId), DfnTrainUnit.MODEL_FILE), spec,
            placed.budget()), Tokenizers.of(ctx, spec));
    SkipCounts skipped = new SkipCounts();
    SkipCounts prefiltered = new SkipCounts();
    long scored = 0;
    int[] size = new int[2];
    try (PoolReader reader = PoolFormat.open(shard.resolve(ctx), ctx.hadoopConf(), invalidUtf8);
         ScoreTables.Writer out = new ScoreTables.Writer(new Path(ctx.outputDir(), SCORES_FILE),
             ctx.hadoopConf(), ScoreTables.SCORES)) {
      // 34-68 bytes per pair, the shard itself never held; sized once when the shard's footer tells its size.
      UidSet seen = new UidSet(reader.recordedSamples()); // -1 (unknown): the smallest set, grown as needed
      List<String> uids = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      float[] x = new float[batchSize * model.floatsPerImage()];
      while (reader.hasNext()) {
        PoolSample s = reader.next();
        if (!seen.add(s.uid())) {
          skipped.add(SkipCounts.DUPLICATE_UID);
          continue;
        }
        var unusable = model.preprocess(s.image(), x, uids.size(), size);
        if (unusable.isPresent()) {
          skipped.add(unusable.get());
          continue;
        }
        if (basicFilter != null) {
          var reason = basicFilter.reject(s.text(), size[0], size[1]); // the source image's size
          if (reason.isPresent()) {
            prefiltered.add(reason.get());
            continue;
          }
        }
        uids.add(s.uid());
        texts.add(s.text());
        if (uids.size() == batchSize) {
          scored += flush(model, x, uids, texts, out);
        }
      }
      scored += flush(model, x, uids, texts, out);
      skipped.addAll(reader.skipped());
    }
    if (scored == 0 && skipped.total() == 0 && prefiltered.total() == 0) {
      skipped.add(SkipCounts.EMPTY_SHARD); // a 0-byte or empty shard is an event, not "0 pairs"
    }
    return UnitOutput.of(ScoreResult.of(scored, skipped, prefiltered).placed(placed.deviceName(), placed.fallback()));
  }

  private static long flush(PairScorer model, float[] x, List<String> uids, List<String> texts,
      ScoreTables.Writer out) throws java.io.IOException {
    if (uids.isEmpty()) {
      return 0;
    }
    float[] scores = model.score(x, texts);
    for (int i = 0; i < uids.size(); i++) {
      out.score(uids.get(i), scores[i]);
    }
    int n = uids.size();
    uids.clear();
    texts.clear();
    return n;
  }
}
