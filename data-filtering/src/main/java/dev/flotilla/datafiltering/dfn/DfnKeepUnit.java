package dev.flotilla.datafiltering.dfn;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flotilla.datafiltering.curation.ScoreTables;
import dev.flotilla.datafiltering.curation.UidArray;
import dev.flotilla.datafiltering.pool.CaptionDecoding;
import dev.flotilla.datafiltering.pool.PoolFormat;
import dev.flotilla.datafiltering.pool.PoolReader;
import dev.flotilla.datafiltering.pool.PoolSample;
import dev.flotilla.datafiltering.pool.UidSet;
import dev.flotilla.datafiltering.pool.RollingShardWriter;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.rundir.AtomicFiles;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One shard of the curation, in parallel with the others: the shard's pairs at or above the
 * threshold unit's threshold into {@code kept.parquet} (uid, score, text, source shard),
 * {@code kept/shard-NNNNN.tar} (WebDataset shards of at most {@code shardSize} pairs, written by
 * the resharder's {@link RollingShardWriter}, as {@code flotilla pool reshard} writes them) and
 * {@code uids.npy} (DataComp's sorted uid array), plus
 * thumbnails of the gallery's picks it holds ({@code gallery/<uid>.png}, listed in
 * {@code gallery.json}), and its counts ({@code keep.json}). {@code scoreUnitId} scored {@code shard}, shard {@code index} of the
 * pool, reading captions as {@code invalidUtf8} says (this unit reads them the same way).
 */
public record DfnKeepUnit(String thresholdUnitId, String scoreUnitId, ShardRef shard, int index,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = CaptionDecoding.DefaultFilter.class)
    CaptionDecoding invalidUtf8, int shardSize) implements WorkUnit {

  public static final String KIND = "dfn-keep";
  public static final String KEPT_FILE = "kept.parquet";
  /** The folder of the kept pairs' WebDataset shards in the unit's output. */
  public static final String KEPT_DIR = "kept";
  public static final String UIDS_FILE = "uids.npy";
  static final String COUNTS_FILE = "keep.json";

  public DfnKeepUnit {
    // The scoring unit's policy: the shard must be read as it read it for the walk in step.
    invalidUtf8 = invalidUtf8 == null ? CaptionDecoding.REPLACE : invalidUtf8;
    if (shardSize < 1) {
      throw new IllegalArgumentException("kept shard size must be >= 1 (dfn.kept-shard-size), got " + shardSize);
    }
  }

  @Override public String kind() { return KIND; }
  @Override public String name() { return "keep-" + String.format("%05d", index); }
  @Override public double cost() { return 0.3; }

  /** Pairs of the shard counted (each uid once), kept, and passed over as second copies. */
  public record Result(long scored, long kept, long duplicateUids) {}

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    FileSystem fs = ctx.fs();
    Path thresholdDir = ctx.committedOutput(thresholdUnitId);
    CurationThreshold t = CurationThreshold.read(fs, new Path(thresholdDir, CurationThreshold.FILE));
    if (index < 0 || index >= t.shards()) {
      throw new IllegalStateException("keep unit for shard " + index + " of a curation of " + t.shards()
          + " shards (" + thresholdUnitId + ")");
    }
    UidSet earlier = new UidSet();
    if (t.shardsWithCopies().contains(index)) {
      Path f = CurationThreshold.copiesFile(thresholdDir, index);
      try (InputStream in = fs.open(f)) {
        UidArray.forEach(in, f.toString(), earlier::add);
      }
    }
    Map<String, Gallery.Entry> picked = t.picked();
    Map<String, Gallery.Entry> found = new LinkedHashMap<>();
    List<String> kept = new ArrayList<>();
    long[] counts = new long[2]; // scored, duplicates
    try (ScoreTables.Writer out = new ScoreTables.Writer(new Path(ctx.outputDir(), KEPT_FILE), ctx.hadoopConf(),
        ScoreTables.CURATED)) {
      keep(ctx, t.threshold(), earlier, picked, found, kept, counts, out);
    }
    try (OutputStream out = fs.create(new Path(ctx.outputDir(), UIDS_FILE), false)) {
      UidArray.write(out, kept);
    }
    new Gallery(List.copyOf(found.values())).write(fs, new Path(ctx.outputDir(), Gallery.FILE));
    Result result = new Result(counts[0], kept.size(), counts[1]);
    try (OutputStream out = fs.create(new Path(ctx.outputDir(), COUNTS_FILE), false)) {
      Json.FILES.writeValue(out, result);
    }
    return UnitOutput.of(result);
  }

  /** The counts a committed keep unit wrote, for the curation's check against the threshold's. */
  static Result counts(FileSystem fs, Path unitOutput) throws IOException {
    return Json.FILES.readValue(AtomicFiles.readString(fs, new Path(unitOutput, COUNTS_FILE)), Result.class);
  }

  /**
   * The scoring unit wrote one score per pair it scored, in the shard's order (the first copy of a
   * uid; pairs it could not use left out), so the score table is walked in step with the shard:
   * nothing of the shard is held, and a scored pair the shard no longer has is an error rather
   * than a pair silently not kept.
   */
  private void keep(UnitContext ctx, float threshold, UidSet earlier, Map<String, Gallery.Entry> picked,
      Map<String, Gallery.Entry> found, List<String> kept, long[] counts, ScoreTables.Writer out) throws IOException {
    Path scoreTable = DfnScoreUnit.scoreTable(ctx, scoreUnitId);
    String label = shard.label();
    try (ScoreTables.Reader scores = new ScoreTables.Reader(scoreTable, ctx.hadoopConf());
         PoolReader reader = PoolFormat.open(shard.resolve(ctx), ctx.hadoopConf(), invalidUtf8);
         RollingShardWriter tar = new RollingShardWriter(new Path(ctx.outputDir(), KEPT_DIR), PoolFormat.WEBDATASET,
             shardSize, ctx.hadoopConf())) {
      boolean pending = scores.next();
      while (pending && reader.hasNext()) {
        PoolSample p = reader.next();
        Gallery.Entry g = picked.get(p.uid());
        if (g != null && !found.containsKey(p.uid())) {
          galleryTile(ctx, g, p, found);
        }
        if (!p.uid().equals(scores.uid())) {
          continue; // not scored: a second copy within the shard, or a pair the scoring unit skipped
        }
        float s = scores.score();
        pending = scores.next();
        if (earlier.size() > 0 && earlier.contains(p.uid())) {
          counts[1]++; // a second copy of a pair an earlier shard holds: neither kept nor counted twice
          continue;
        }
        counts[0]++;
        if (s >= threshold) {
          kept.add(p.uid());
          out.curated(p.uid(), s, p.text(), label);
          tar.write(p);
        }
      }
      if (pending) {
        throw new IOException("pool shard " + label + " no longer holds pair " + scores.uid() + ", which "
            + scoreUnitId + " scored in it (" + scoreTable + "): the shard changed after scoring; "
            + "score it again (delete that unit's output, or start a new run)");
      }
    }
  }

  /** The pair's thumbnail into {@code gallery/<uid>.png}, and its entry into {@code found}. */
  private static void galleryTile(UnitContext ctx, Gallery.Entry g, PoolSample p, Map<String, Gallery.Entry> found)
      throws IOException {
    byte[] png = Gallery.thumbnail(p.image());
    if (png == null) {
      return; // scored, so it decoded for the network; a thumbnail that fails is only not shown
    }
    String file = Gallery.FOLDER + "/" + p.uid() + ".png";
    try (OutputStream out = ctx.fs().create(new Path(ctx.outputDir(), file), false)) {
      out.write(png);
    }
    found.put(p.uid(), new Gallery.Entry(g.group(), g.uid(), g.score(), p.text(), file));
  }
}
