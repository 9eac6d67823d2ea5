package dev.flotilla.datafiltering.dfn;

import dev.flotilla.datafiltering.curation.ScoreTables;
import dev.flotilla.datafiltering.curation.TopFraction;
import dev.flotilla.datafiltering.curation.UidArray;
import dev.flotilla.datafiltering.pool.UidSet;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.values.bloomfilter.BlockSplitBloomFilter;

/**
 * The first step of the global curation, in a task (never on the driver), reading only the score
 * tables: the exact threshold of the top {@code keepFraction} of all scores (or the fixed
 * {@code absoluteThreshold}), the uids a later shard holds again (not a second pair of the pool,
 * so neither counted nor kept twice), the score histogram and the gallery's picks. It writes
 * {@link CurationThreshold}; the keep units then read the pool shards in parallel.
 * {@code scoreUnitIds.get(i)} scored shard {@code i}.
 */
public record DfnThresholdUnit(List<String> scoreUnitIds, double keepFraction, Double absoluteThreshold)
    implements WorkUnit {

  public static final String KIND = "dfn-threshold";
  static final int BINS = 50;
  static final int GALLERY_PER_GROUP = 8;
  /** False-positive rate of the duplicate filter: candidates it names are checked exactly. */
  static final double DUPLICATE_FILTER_FPP = 0.01;

  public DfnThresholdUnit {
    scoreUnitIds = List.copyOf(scoreUnitIds);
    if (!(keepFraction > 0 && keepFraction <= 1)) {
      throw new IllegalArgumentException("dfn.keep-fraction must be in (0, 1], got " + keepFraction);
    }
  }

  @Override public String kind() { return KIND; }
  @Override public String name() {
    return absoluteThreshold != null ? "threshold-" + absoluteThreshold : "threshold-top-" + keepFraction;
  }
  @Override public double cost() { return 0.1 * scoreUnitIds.size(); }

  /** The numbers in the unit record. */
  public record Result(double threshold, long scored, long duplicateUids) {}

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    List<UidSet> copies = laterCopies(ctx);
    List<Integer> withCopies = new ArrayList<>();
    for (int i = 0; i < copies.size(); i++) {
      if (copies.get(i).size() > 0) {
        withCopies.add(i);
        try (OutputStream out = ctx.fs().create(CurationThreshold.copiesFile(ctx.outputDir(), i), false)) {
          UidArray.write(out, copies.get(i));
        }
      }
    }
    float threshold = absoluteThreshold == null
        ? TopFraction.of(scoreShards(ctx, copies), keepFraction).threshold()
        : absoluteThreshold.floatValue();
    // One more pass: the gallery's picks (they depend on the threshold) and the histogram.
    Gallery.Picker picker = new Gallery.Picker(GALLERY_PER_GROUP, threshold);
    long[] histogram = new long[BINS];
    long scored = 0;
    for (int i = 0; i < scoreUnitIds.size(); i++) {
      UidSet skip = copies.get(i);
      try (ScoreTables.Reader in = new ScoreTables.Reader(DfnScoreUnit.scoreTable(ctx, scoreUnitIds.get(i)),
          ctx.hadoopConf())) {
        while (in.next()) {
          if (skip.size() > 0 && skip.contains(in.uid())) {
            continue;
          }
          float s = in.score();
          // Cosine similarities lie in [-1, 1].
          histogram[Math.min(BINS - 1, Math.max(0, (int) ((s + 1) / 2 * BINS)))]++;
          scored++;
          if (picker.wants(s)) {
            picker.accept(in.uid(), s);
          }
        }
      }
    }
    long duplicates = copies.stream().mapToLong(UidSet::size).sum();
    CurationThreshold out = new CurationThreshold(scoreUnitIds.size(), threshold, scored, duplicates, BINS,
        Arrays.stream(histogram).boxed().toList(), List.copyOf(picker.picked().values()), withCopies);
    out.write(ctx.fs(), new Path(ctx.outputDir(), CurationThreshold.FILE));
    return UnitOutput.of(new Result(threshold, scored, duplicates));
  }

  /**
   * Per shard, the uids scored in an earlier shard (a shard listed twice, a re-crawled pair). A
   * Bloom filter of every uid (Parquet's split-block filter, sized from the tables' row counts for
   * 1% false positives: 1.2-2.4 bytes a pair, where an exact set takes 34) names the candidates,
   * uids that may have been seen before; a second pass settles them exactly, holding only the
   * candidates. Both passes stream the score tables and hash a uid's bytes; a uid is decoded only
   * when a filter names it (the second pass asks a small filter of the candidates' hashes first).
   * Parquet caps the filter at 128 MB: past ~10^8 pairs it names ever more candidates, and two
   * exact sets of them cost more than one set of every uid.
   */
  private List<UidSet> laterCopies(UnitContext ctx) throws IOException {
    List<Path> tables = new ArrayList<>();
    long rows = 0;
    for (String id : scoreUnitIds) {
      Path table = DfnScoreUnit.scoreTable(ctx, id);
      tables.add(table);
      rows += ScoreTables.rows(table, ctx.hadoopConf());
    }
    BlockSplitBloomFilter seen = new BlockSplitBloomFilter(
        BlockSplitBloomFilter.optimalNumOfBits(Math.max(1, rows), DUPLICATE_FILTER_FPP) / 8);
    UidSet candidates = new UidSet();
    long[] candidateHashes = new long[64];
    int hashes = 0;
    for (Path table : tables) {
      try (ScoreTables.Reader in = new ScoreTables.Reader(table, ctx.hadoopConf())) {
        while (in.next()) {
          long hash = seen.hash(in.uidBytes());
          if (!seen.findHash(hash)) {
            seen.insertHash(hash);
          } else if (candidates.add(in.uid())) {
            if (hashes == candidateHashes.length) {
              candidateHashes = Arrays.copyOf(candidateHashes, 2 * hashes);
            }
            candidateHashes[hashes++] = hash;
          }
        }
      }
    }
    List<UidSet> copies = new ArrayList<>();
    BlockSplitBloomFilter maybeCandidate = new BlockSplitBloomFilter(
        BlockSplitBloomFilter.optimalNumOfBits(Math.max(1, hashes), DUPLICATE_FILTER_FPP) / 8);
    for (int i = 0; i < hashes; i++) {
      maybeCandidate.insertHash(candidateHashes[i]);
    }
    UidSet first = new UidSet(); // candidates met so far, in shard order
    for (Path table : tables) {
      UidSet here = new UidSet();
      if (hashes > 0) {
        try (ScoreTables.Reader in = new ScoreTables.Reader(table, ctx.hadoopConf())) {
          while (in.next()) {
            if (maybeCandidate.findHash(seen.hash(in.uidBytes())) && candidates.contains(in.uid())
                && !first.add(in.uid())) {
              here.add(in.uid());
            }
          }
        }
      }
      copies.add(here);
    }
    return copies;
  }

  /**
   * Per shard, its scores without its second copies: the score column alone, unless the shard has
   * copies to skip.
   */
  private List<TopFraction.ScoreShard> scoreShards(UnitContext ctx, List<UidSet> skip) {
    List<TopFraction.ScoreShard> out = new ArrayList<>();
    for (int i = 0; i < scoreUnitIds.size(); i++) {
      Path f = DfnScoreUnit.scoreTable(ctx, scoreUnitIds.get(i));
      UidSet copies = skip.get(i);
      if (copies.size() == 0) {
        out.add(sink -> ScoreTables.forEachScoreOnly(f, ctx.hadoopConf(), sink));
      } else {
        out.add(sink -> ScoreTables.forEachScore(f, ctx.hadoopConf(), (uid, s) -> {
          if (!copies.contains(uid)) {
            sink.accept(s);
          }
        }));
      }
    }
    return out;
  }
}
