package dev.flotilla.datafiltering.dfn;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flotilla.datafiltering.curation.ScoreTables;
import dev.flotilla.datafiltering.curation.TopFraction;
import dev.flotilla.datafiltering.curation.UidSorter;
import dev.flotilla.datafiltering.pool.CaptionDecoding;
import dev.flotilla.datafiltering.pool.GroundTruth;
import dev.flotilla.datafiltering.pool.PoolFormat;
import dev.flotilla.datafiltering.pool.PoolReader;
import dev.flotilla.datafiltering.pool.PoolSample;
import dev.flotilla.datafiltering.pool.UidSet;
import dev.flotilla.datafiltering.pool.Uids;
import dev.flotilla.datafiltering.pool.WebDatasetWriter;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.values.bloomfilter.BlockSplitBloomFilter;
import org.apache.parquet.io.api.Binary;

/**
 * Global curation, in a task (never on the driver): the exact threshold of the top
 * {@code keepFraction} of all shard scores (streamed twice), the kept pairs
 * ({@code curated.parquet}: uid, score, text, source shard), DataComp's {@code uids.npy}, a score
 * histogram, a gallery of pairs around the threshold ({@link Gallery}), the kept pairs resharded as WebDataset tars ({@code shards/NNNNN.tar}), and
 * precision/recall of the kept set against the pool's ground truth (skipped when {@code truth} is
 * empty: an external pool without labels). {@code scoreUnitIds.get(i)} scored {@code shards.get(i)},
 * reading captions as {@code invalidUtf8} says (the curation reads them the same way).
 */
public record DfnCurateUnit(List<String> scoreUnitIds, List<ShardRef> shards, List<ShardRef> truth,
    double keepFraction, Double absoluteThreshold,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = CaptionDecoding.DefaultFilter.class)
    CaptionDecoding invalidUtf8) implements WorkUnit {

  public static final String KIND = "dfn-curate";
  public static final String CURATED_FILE = "curated.parquet";
  public static final String UIDS_FILE = "uids.npy";
  public static final String CURATED_SHARDS = "shards";
  public static final String SUMMARY_FILE = "curation.json";
  static final int BINS = 50;
  static final int GALLERY_PER_GROUP = 8;
  /** False-positive rate of the duplicate filter: candidates it names are checked exactly. */
  static final double DUPLICATE_FILTER_FPP = 0.01;

  public DfnCurateUnit {
    // The scoring units' policy: the shard must be read as they read it for the walk in step.
    invalidUtf8 = invalidUtf8 == null ? CaptionDecoding.REPLACE : invalidUtf8; // JSON written before the field
    scoreUnitIds = List.copyOf(scoreUnitIds);
    shards = List.copyOf(shards);
    truth = List.copyOf(truth);
    if (!(keepFraction > 0 && keepFraction <= 1)) {
      throw new IllegalArgumentException("dfn.keep-fraction must be in (0, 1], got " + keepFraction);
    }
  }

  @Override public String kind() { return KIND; }
  @Override public String name() {
    return absoluteThreshold != null ? "curate-above-" + absoluteThreshold : "curate-top-" + keepFraction;
  }
  @Override public double cost() { return 0.5 * scoreUnitIds.size(); }

  /** What the curation pass collects: kept uids, pairs scored, duplicates and the histogram. */
  private static final class Kept {
    final UidSorter uids;
    /** Per shard, uids scored in an earlier shard: counted as duplicates, skipped. */
    final List<UidSet> copies;
    final long[] histogram = new long[BINS];
    /** The gallery's pairs by uid, and those whose image and caption were found so far. */
    Map<String, Gallery.Entry> picked = Map.of();
    final Map<String, Gallery.Entry> found = new HashMap<>();
    long scored;
    long duplicates;

    Kept(List<UidSet> copies) {
      this.copies = copies;
      this.uids = new UidSorter();
    }
  }

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    FileSystem fs = ctx.fs();
    // Either the exact global top fraction, or every pair at or above a fixed score.
    List<UidSet> copies = laterCopies(ctx);
    float threshold = absoluteThreshold == null
        ? TopFraction.of(scoreShards(ctx, copies), keepFraction).threshold()
        : absoluteThreshold.floatValue();
    Kept kept = new Kept(copies);
    Long pool = null;
    Long clean = null;
    Double precision = null;
    Double recall = null;
    try (UidSorter uids = kept.uids) {
      kept.picked = pickGallery(ctx, copies, threshold);
      try (ScoreTables.Writer out = new ScoreTables.Writer(new Path(ctx.outputDir(), CURATED_FILE),
          ctx.hadoopConf(), ScoreTables.CURATED)) {
        for (int i = 0; i < scoreUnitIds.size(); i++) {
          keepShard(ctx, i, threshold, kept, out);
        }
      }
      try (OutputStream out = fs.create(new Path(ctx.outputDir(), UIDS_FILE), false)) {
        uids.writeNpy(out);
      }
      Gallery.of(kept.picked, kept.found).write(fs, new Path(ctx.outputDir(), Gallery.FILE));
      if (!truth.isEmpty()) {
        // Ground truth, read only here: which pool pairs were clean. Kept and clean is a merge
        // of the two sorted uid streams, so neither side is held whole.
        long[] counts = new long[2]; // pool, clean
        long keptAndClean;
        try (UidSorter cleanUids = new UidSorter()) {
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
        precision = uids.size() == 0 ? 0 : keptAndClean / (double) uids.size();
        recall = clean == 0 ? 0 : keptAndClean / (double) clean;
      }
    }
    CurationSummary summary = new CurationSummary(threshold, kept.scored, kept.duplicates, kept.uids.size(),
        !truth.isEmpty(), pool, clean, precision, recall, BINS, Arrays.stream(kept.histogram).boxed().toList());
    summary.write(fs, new Path(ctx.outputDir(), SUMMARY_FILE));
    return UnitOutput.of(summary.result());
  }

  /**
   * Per shard, the uids already scored in an earlier shard (a shard listed twice, a re-crawled
   * pair): not a second pair of the pool, so neither counted for the threshold nor kept twice.
   * A Bloom filter of every uid (Parquet's split-block filter, sized from the tables' row counts
   * for 1% false positives: 1.2-2.4 bytes a pair, where an exact set takes 34) names the
   * candidates, uids that may have been seen before; a second pass settles them exactly, holding
   * only the candidates. Both passes stream the score tables. Parquet caps the filter at 128 MB:
   * past ~10^8 pairs it names ever more candidates, and two exact sets of them cost more than one
   * set of every uid.
   */
  private List<UidSet> laterCopies(UnitContext ctx) throws IOException {
    List<Path> tables = new ArrayList<>();
    long rows = 0;
    for (int i = 0; i < scoreUnitIds.size(); i++) {
      Path table = scoreTable(ctx, i);
      tables.add(table);
      rows += ScoreTables.rows(table, ctx.hadoopConf());
    }
    BlockSplitBloomFilter seen = new BlockSplitBloomFilter(
        BlockSplitBloomFilter.optimalNumOfBits(Math.max(1, rows), DUPLICATE_FILTER_FPP) / 8);
    UidSet candidates = new UidSet();
    for (Path table : tables) {
      ScoreTables.forEachScore(table, ctx.hadoopConf(), (uid, s) -> {
        long hash = seen.hash(Binary.fromString(uid));
        if (seen.findHash(hash)) {
          candidates.add(uid);
        } else {
          seen.insertHash(hash);
        }
      });
    }
    List<UidSet> copies = new ArrayList<>();
    UidSet first = new UidSet(); // candidates met so far, in shard order
    for (Path table : tables) {
      UidSet here = new UidSet();
      if (candidates.size() > 0) {
        ScoreTables.forEachScore(table, ctx.hadoopConf(), (uid, s) -> {
          if (candidates.contains(uid) && !first.add(uid)) {
            here.add(uid);
          }
        });
      }
      copies.add(here);
    }
    return copies;
  }

  /** The scores of shard {@code i}, as its scoring unit committed them. */
  private Path scoreTable(UnitContext ctx, int i) {
    return new Path(ctx.committedOutput(scoreUnitIds.get(i)), DfnScoreUnit.SCORES_FILE);
  }

  /** The gallery's pairs: one more streamed pass over the score tables, bounded heaps only. */
  private Map<String, Gallery.Entry> pickGallery(UnitContext ctx, List<UidSet> copies, float threshold)
      throws IOException {
    Gallery.Picker picker = new Gallery.Picker(GALLERY_PER_GROUP, threshold);
    for (TopFraction.ScoreShard shard : scoreShards(ctx, copies, picker)) {
      shard.forEach(s -> { });
    }
    return picker.picked();
  }

  private List<TopFraction.ScoreShard> scoreShards(UnitContext ctx, List<UidSet> copies) {
    return scoreShards(ctx, copies, null);
  }

  private List<TopFraction.ScoreShard> scoreShards(UnitContext ctx, List<UidSet> copies, Gallery.Picker picker) {
    List<TopFraction.ScoreShard> out = new ArrayList<>();
    for (int i = 0; i < scoreUnitIds.size(); i++) {
      Path f = scoreTable(ctx, i);
      UidSet skip = copies.get(i);
      out.add(sink -> ScoreTables.forEachScore(f, ctx.hadoopConf(), (uid, s) -> {
        if (skip.size() == 0 || !skip.contains(uid)) {
          sink.accept(s);
          if (picker != null) {
            picker.accept(uid, s);
          }
        }
      }));
    }
    return out;
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

  /**
   * Shard {@code i}'s pairs at or above {@code threshold} into the curated table and tar
   * {@code shards/i.tar}; every score into the histogram. The scoring unit wrote one score per
   * pair it scored, in the shard's order (the first copy of a uid; pairs it could not use left
   * out), so the score table is walked in step with the shard: nothing of the shard is held, and
   * a scored pair the shard no longer has is an error rather than a pair silently not kept.
   */
  private void keepShard(UnitContext ctx, int i, float threshold, Kept kept, ScoreTables.Writer out)
      throws IOException {
    UidSet earlier = kept.copies.get(i); // this shard's copies of pairs an earlier shard holds
    String shard = shards.get(i).label();
    Path scoreTable = scoreTable(ctx, i);
    try (ScoreTables.Reader scores = new ScoreTables.Reader(scoreTable, ctx.hadoopConf());
         PoolReader reader = PoolFormat.open(shards.get(i).resolve(ctx), ctx.hadoopConf(), invalidUtf8);
         WebDatasetWriter tar = new WebDatasetWriter(ctx.fs().create(
             new Path(new Path(ctx.outputDir(), CURATED_SHARDS), String.format("%05d.tar", i)), false))) {
      boolean pending = scores.next();
      while (pending && reader.hasNext()) {
        PoolSample p = reader.next();
        Gallery.Entry g = kept.picked.get(p.uid());
        if (g != null && !kept.found.containsKey(p.uid())) {
          galleryTile(ctx, g, p, kept.found);
        }
        if (!p.uid().equals(scores.uid())) {
          continue; // not scored: a second copy within the shard, or a pair the scoring unit skipped
        }
        float s = scores.score();
        pending = scores.next();
        if (earlier.size() > 0 && earlier.contains(p.uid())) {
          kept.duplicates++; // a second copy of a pair: counted, neither kept nor charted twice
          continue;
        }
        // Cosine similarities lie in [-1, 1].
        kept.histogram[Math.min(BINS - 1, Math.max(0, (int) ((s + 1) / 2 * BINS)))]++;
        kept.scored++;
        if (s >= threshold) {
          kept.uids.add(p.uid());
          out.curated(p.uid(), s, p.text(), shard);
          tar.write(p);
        }
      }
      if (pending) {
        throw new IOException("pool shard " + shard + " no longer holds pair " + scores.uid() + ", which "
            + scoreUnitIds.get(i) + " scored in it (" + scoreTable + "): the shard changed after scoring; "
            + "score it again (delete that unit's output, or start a new run)");
      }
    }
  }
}
