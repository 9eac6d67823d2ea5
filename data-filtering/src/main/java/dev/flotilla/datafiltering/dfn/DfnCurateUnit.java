package dev.flotilla.datafiltering.dfn;

import dev.flotilla.datafiltering.curation.ScoreTables;
import dev.flotilla.datafiltering.curation.UidArray;
import dev.flotilla.datafiltering.curation.UidSorter;
import dev.flotilla.datafiltering.pool.GroundTruth;
import dev.flotilla.datafiltering.pool.PoolShards;
import dev.flotilla.datafiltering.pool.Uids;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;

/**
 * The last step of the global curation, in a task (never on the driver): joins what the keep units
 * wrote, in shard order, into the curated set: {@code curated.parquet} (uid, score, text, source
 * shard; their tables' row groups copied, nothing decoded), DataComp's {@code uids.npy} (a merge
 * of their sorted arrays), {@code shards.txt} (their WebDataset tars, one path a line, relative to
 * the file), the gallery
 * ({@link Gallery}), and {@code curation.json} with precision/recall of the kept set against the
 * pool's ground truth (skipped when {@code truth} is empty: an external pool without labels).
 * The threshold unit {@code thresholdUnitId} chose the threshold; keep unit {@code keepUnitIds.get(i)}
 * kept shard {@code i}'s pairs above it.
 */
public record DfnCurateUnit(String thresholdUnitId, List<String> keepUnitIds, List<ShardRef> truth)
    implements WorkUnit {

  public static final String KIND = "dfn-curate";
  public static final String CURATED_FILE = "curated.parquet";
  public static final String UIDS_FILE = "uids.npy";
  /** The curated WebDataset shards: every keep unit's kept shards, one a line, relative to this file. */
  public static final String SHARDS_FILE = "shards.txt";
  public static final String SUMMARY_FILE = "curation.json";

  public DfnCurateUnit {
    keepUnitIds = List.copyOf(keepUnitIds);
    truth = List.copyOf(truth);
  }

  @Override public String kind() { return KIND; }
  @Override public String name() { return "curate"; }
  @Override public double cost() { return 0.05 * keepUnitIds.size(); }

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    FileSystem fs = ctx.fs();
    CurationThreshold t = CurationThreshold.read(fs,
        new Path(ctx.committedOutput(thresholdUnitId), CurationThreshold.FILE));
    List<Path> keeps = keepUnitIds.stream().map(ctx::committedOutput).toList();
    checkCounts(fs, t, keeps);
    ScoreTables.concat(keeps.stream().map(k -> new Path(k, DfnKeepUnit.KEPT_FILE)).toList(),
        new Path(ctx.outputDir(), CURATED_FILE), ctx.hadoopConf(), ScoreTables.CURATED);
    try (Writer out = new OutputStreamWriter(fs.create(new Path(ctx.outputDir(), SHARDS_FILE), false),
        StandardCharsets.UTF_8)) {
      Path units = ctx.committedOutput(ctx.unitId()).getParent();
      for (Path k : keeps) {
        for (String tar : keptShards(fs, k)) {
          // Relative to this file, so a run dir copied or moved keeps its list.
          String rel = DfnKeepUnit.KEPT_DIR + "/" + tar;
          out.write((k.getParent().equals(units) ? "../" + k.getName() + "/" + rel
              : fs.makeQualified(new Path(k, rel)).toUri().toString()) + "\n");
        }
      }
    }
    gallery(ctx, t, keeps);
    Long pool = null;
    Long clean = null;
    Double precision = null;
    Double recall = null;
    long kept;
    try (UidSorter uids = new UidSorter(UidSorter.DEFAULT_BLOCK, ctx.scratchDir())) {
      for (Path k : keeps) {
        Path f = new Path(k, DfnKeepUnit.UIDS_FILE);
        try (InputStream in = fs.open(f)) {
          UidArray.forEach(in, f.toString(), uids::add);
        }
      }
      kept = uids.size();
      try (OutputStream out = fs.create(new Path(ctx.outputDir(), UIDS_FILE), false)) {
        uids.writeNpy(out);
      }
      if (!truth.isEmpty()) {
        // Ground truth, read only here: which pool pairs were clean. Kept and clean is a merge
        // of the two sorted uid streams, so neither side is held whole.
        long[] counts = new long[2]; // pool, clean
        long keptAndClean;
        try (UidSorter cleanUids = new UidSorter(UidSorter.DEFAULT_BLOCK, ctx.scratchDir())) {
          GroundTruth.forEach(ShardRef.truthFiles(truth, ctx), ctx.hadoopConf(), (uid, isClean) -> {
            counts[0]++;
            if (isClean) {
              counts[1]++;
              if (Uids.isValid(uid)) { // anything else cannot be a kept uid
                cleanUids.add(uid);
              }
            }
          });
          keptAndClean = UidSorter.matches(uids, cleanUids);
        }
        pool = counts[0];
        clean = counts[1];
        precision = kept == 0 ? 0 : keptAndClean / (double) kept;
        recall = clean == 0 ? 0 : keptAndClean / (double) clean;
      }
    }
    CurationSummary summary = new CurationSummary(t.threshold(), t.scored(), t.duplicateUids(), kept,
        !truth.isEmpty(), pool, clean, precision, recall, t.histogramBins(), t.histogram());
    summary.write(fs, new Path(ctx.outputDir(), SUMMARY_FILE));
    return UnitOutput.of(summary.result());
  }

  /**
   * The keep units together must have counted what the threshold unit counted: each shard's pairs
   * once, its second copies passed over. Anything else means the steps disagree about the pool
   * (a unit run against other inputs): fail rather than publish a curation of unknown pairs.
   */
  private static void checkCounts(FileSystem fs, CurationThreshold t, List<Path> keeps) throws IOException {
    if (keeps.size() != t.shards()) {
      throw new IllegalStateException(keeps.size() + " keep units for a threshold over " + t.shards() + " shards");
    }
    long scored = 0;
    long duplicates = 0;
    for (Path k : keeps) {
      DfnKeepUnit.Result r = DfnKeepUnit.counts(fs, k);
      scored += r.scored();
      duplicates += r.duplicateUids();
    }
    if (scored != t.scored() || duplicates != t.duplicateUids()) {
      throw new IllegalStateException("the keep units counted " + scored + " pairs and " + duplicates
          + " second copies, the threshold unit " + t.scored() + " and " + t.duplicateUids());
    }
  }

  /**
   * The gallery: each picked pair as the first keep unit (in shard order) that held it found it,
   * its thumbnail copied into this unit's {@code gallery/}.
   */
  private static void gallery(UnitContext ctx, CurationThreshold t, List<Path> keeps) throws IOException {
    FileSystem fs = ctx.fs();
    Map<String, Gallery.Entry> found = new HashMap<>();
    for (Path k : keeps) {
      for (Gallery.Entry e : Gallery.read(fs, new Path(k, Gallery.FILE)).entries()) {
        if (!found.containsKey(e.uid())) {
          FileUtil.copy(fs, new Path(k, e.thumbnail()), fs, new Path(ctx.outputDir(), e.thumbnail()), false,
              ctx.hadoopConf());
          found.put(e.uid(), e);
        }
      }
    }
    Gallery.of(t.picked(), found).write(fs, new Path(ctx.outputDir(), Gallery.FILE));
  }

  /** A keep unit's kept shards, by name (none where it kept nothing: no shard is made empty). */
  static List<String> keptShards(FileSystem fs, Path keepOutput) throws IOException {
    Path dir = new Path(keepOutput, DfnKeepUnit.KEPT_DIR);
    return fs.exists(dir)
        ? PoolShards.list(dir.toString(), fs.getConf()).stream().map(Path::getName).toList()
        : List.of();
  }
}
