package dev.flotilla.jobs.dfn;

import dev.flotilla.datafiltering.curation.ScoreTables;
import dev.flotilla.datafiltering.model.ClipSpec;
import dev.flotilla.datafiltering.model.DjlClipModel;
import dev.flotilla.datafiltering.pool.BasicFilter;
import dev.flotilla.datafiltering.pool.GrayPng;
import dev.flotilla.datafiltering.pool.PoolFormat;
import dev.flotilla.datafiltering.pool.PoolReader;
import dev.flotilla.datafiltering.pool.PoolSample;
import dev.flotilla.datafiltering.pool.SkipCounts;
import dev.flotilla.datafiltering.pool.UidSet;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.Path;

/**
 * Scores one pool shard (WebDataset tar or Parquet) with the filtering network: streams it in batches, writes
 * {@code scores.parquet} (uid, score) and counts every sample it cannot score, per reason. With a
 * {@link BasicFilter} (null: none), pairs it rejects are counted ({@code prefiltered_*}) and not
 * scored, so they can never be kept.
 */
public record DfnScoreUnit(ShardRef shard, String modelUnitId, ClipSpec spec, int batchSize,
    BasicFilter basicFilter) implements WorkUnit {

  public static final String KIND = "dfn-score";
  public static final String SCORES_FILE = "scores.parquet";

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
  static DjlClipModel model(UnitContext ctx, Path file, ClipSpec spec) throws java.io.IOException {
    String key = "filtering-network:" + file + "#" + spec + "@" + ctx.budget();
    return ctx.cache().get(key, DjlClipModel.class, () -> {
      try (InputStream in = ctx.fs().open(file)) {
        return Backends.forKind(DjlClipModel.FAMILY, ClipSpec.KIND).restore(spec, in, ctx.budget());
      } catch (java.io.IOException e) {
        throw new java.io.IOException("cannot load the filtering network " + file, e);
      }
    }, DjlClipModel::weightBytes);
  }

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    DjlClipModel model = model(ctx, new Path(ctx.committedOutput(modelUnitId), DfnTrainUnit.MODEL_FILE), spec);
    SkipCounts skipped = new SkipCounts();
    SkipCounts prefiltered = new SkipCounts();
    UidSet seen = new UidSet(); // 32 bytes per pair: the shard itself is never held
    long scored = 0;
    int[] size = new int[2];
    try (PoolReader reader = PoolFormat.open(shard.resolve(ctx), ctx.hadoopConf());
         ScoreTables.Writer out = new ScoreTables.Writer(new Path(ctx.outputDir(), SCORES_FILE),
             ctx.hadoopConf(), ScoreTables.SCORES)) {
      List<String> uids = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      float[] x = new float[batchSize * 784];
      while (reader.hasNext()) {
        PoolSample s = reader.next();
        if (!seen.add(s.uid())) {
          skipped.add(SkipCounts.DUPLICATE_UID);
          continue;
        }
        if (!decode(s.image(), x, uids.size(), size)) {
          skipped.add(SkipCounts.CORRUPT_IMAGE);
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
    UnitOutput.Builder b = UnitOutput.builder().metric("scored", scored);
    skipped.asMap().forEach((reason, n) -> b.metric("skipped_" + reason, n));
    prefiltered.asMap().forEach((reason, n) -> b.metric("prefiltered_" + reason, n));
    return b.build();
  }

  private static long flush(DjlClipModel model, float[] x, List<String> uids, List<String> texts,
      ScoreTables.Writer out) throws java.io.IOException {
    if (uids.isEmpty()) {
      return 0;
    }
    float[] scores;
    synchronized (model) { // one model per JVM, not thread-safe: tasks of this JVM take turns
      scores = model.scorePairs(x, texts);
    }
    for (int i = 0; i < uids.size(); i++) {
      out.score(uids.get(i), scores[i]);
    }
    int n = uids.size();
    uids.clear();
    texts.clear();
    return n;
  }

  /**
   * {@code g} as 28x28 in [0, 1] at {@code x[offset..]}: each output pixel is the mean of the
   * source pixels it covers (the identity at 28x28; nearest pixel when enlarging).
   */
  static void boxResample(GrayPng.Gray g, float[] x, int offset) {
    int w = g.width();
    int h = g.height();
    byte[] px = g.pixels();
    for (int oy = 0; oy < 28; oy++) {
      int y0 = oy * h / 28;
      int y1 = Math.max(y0 + 1, (oy + 1) * h / 28);
      for (int ox = 0; ox < 28; ox++) {
        int x0 = ox * w / 28;
        int x1 = Math.max(x0 + 1, (ox + 1) * w / 28);
        int sum = 0;
        for (int yy = y0; yy < y1; yy++) {
          for (int xx = x0; xx < x1; xx++) {
            sum += px[yy * w + xx] & 0xff;
          }
        }
        x[offset + oy * 28 + ox] = sum / (255f * (y1 - y0) * (x1 - x0));
      }
    }
  }

  /**
   * Decodes a PNG/JPEG into slot {@code at} of {@code x} as 28x28 grayscale in [0, 1] (other
   * sizes and colour images are converted), and its source width and height into
   * {@code size}; false if the bytes do not decode.
   */
  public static boolean decode(byte[] bytes, float[] x, int at, int[] size) {
    GrayPng.Gray gray;
    try {
      gray = GrayPng.decode(bytes); // the common case, ~50x faster than ImageIO
    } catch (java.util.zip.DataFormatException e) {
      return false;
    }
    if (gray != null) {
      size[0] = gray.width();
      size[1] = gray.height();
      boxResample(gray, x, at * 784);
      return true;
    }
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
    if (img == null) {
      return false;
    }
    size[0] = img.getWidth();
    size[1] = img.getHeight();
    if (img.getWidth() != 28 || img.getHeight() != 28 || img.getType() != BufferedImage.TYPE_BYTE_GRAY) {
      BufferedImage scaled = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      var g = scaled.createGraphics();
      g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(img, 0, 0, 28, 28, null);
      g.dispose();
      img = scaled;
    }
    var raster = img.getRaster();
    for (int yy = 0; yy < 28; yy++) {
      for (int xx = 0; xx < 28; xx++) {
        x[at * 784 + yy * 28 + xx] = raster.getSample(xx, yy, 0) / 255f;
      }
    }
    return true;
  }

}
