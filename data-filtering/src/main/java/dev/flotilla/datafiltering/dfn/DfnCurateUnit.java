package dev.flotilla.datafiltering.dfn;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.datafiltering.curation.TopFraction;
import dev.flotilla.datafiltering.curation.UidArray;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import dev.flotilla.datafiltering.curation.ScoreTables;
import dev.flotilla.datafiltering.pool.GroundTruth;
import dev.flotilla.datafiltering.pool.PoolFormat;
import dev.flotilla.datafiltering.pool.PoolReader;
import dev.flotilla.datafiltering.pool.PoolSample;
import dev.flotilla.datafiltering.pool.WebDatasetWriter;
import java.util.HashMap;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Global curation, in a task (never on the driver): the exact threshold of the top
 * {@code keepFraction} of all shard scores (streamed twice), the kept pairs
 * ({@code curated.parquet}: uid, score, text, source shard), DataComp's {@code uids.npy}, a score
 * histogram, the kept pairs resharded as WebDataset tars ({@code shards/NNNNN.tar}), and
 * precision/recall of the kept set against the pool's ground truth (skipped when {@code truth} is
 * empty: an external pool without labels). {@code scoreUnitIds.get(i)} scored {@code shards.get(i)}.
 */
public record DfnCurateUnit(List<String> scoreUnitIds, List<ShardRef> shards, List<ShardRef> truth,
    double keepFraction, Double absoluteThreshold) implements WorkUnit {

  public static final String KIND = "dfn-curate";
  public static final String CURATED_FILE = "curated.parquet";
  public static final String UIDS_FILE = "uids.npy";
  public static final String CURATED_SHARDS = "shards";
  public static final String SUMMARY_FILE = "curation.json";
  static final int BINS = 50;

  public DfnCurateUnit {
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

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    FileSystem fs = ctx.fs();
    List<TopFraction.ScoreShard> scoreShards = new ArrayList<>();
    for (String id : scoreUnitIds) {
      Path f = new Path(ctx.committedOutput(id), DfnScoreUnit.SCORES_FILE);
      scoreShards.add(sink -> ScoreTables.forEachScore(f, ctx.hadoopConf(), (uid, s) -> sink.accept(s)));
    }
    // Either the exact global top fraction, or every pair at or above a fixed score.
    TopFraction.Result t = absoluteThreshold == null ? TopFraction.of(scoreShards, keepFraction)
        : new TopFraction.Result(absoluteThreshold.floatValue(), -1, -1, -1);
    Set<String> kept = new HashSet<>();
    long[] duplicates = {0};
    long[] scored = {0};
    long[] histogram = new long[BINS];
    try (ScoreTables.Writer out = new ScoreTables.Writer(new Path(ctx.outputDir(), CURATED_FILE),
        ctx.hadoopConf(), ScoreTables.CURATED)) {
      for (int i = 0; i < scoreUnitIds.size(); i++) {
        Map<String, Float> keptHere = new HashMap<>();
        ScoreTables.forEachScore(new Path(ctx.committedOutput(scoreUnitIds.get(i)), DfnScoreUnit.SCORES_FILE),
            ctx.hadoopConf(), (uid, s) -> {
              // Cosine similarities lie in [-1, 1].
              histogram[Math.min(BINS - 1, Math.max(0, (int) ((s + 1) / 2 * BINS)))]++;
              scored[0]++;
              if (s >= t.threshold()) {
                keptHere.put(uid, s);
              }
            });
        // The captions come from the shard itself (one more streamed pass, kept pairs only).
        // The kept pairs are also resharded as WebDataset tars, one per source shard.
        String shard = shards.get(i).label();
        try (PoolReader reader = PoolFormat.open(shards.get(i).resolve(ctx), ctx.hadoopConf());
             WebDatasetWriter tar = new WebDatasetWriter(fs.create(
                 new Path(new Path(ctx.outputDir(), CURATED_SHARDS), String.format("%05d.tar", i)), false))) {
          while (reader.hasNext()) {
            PoolSample p = reader.next();
            Float s = keptHere.remove(p.uid());
            if (s != null) {
              if (!kept.add(p.uid())) {
                duplicates[0]++; // the same uid kept from an earlier shard: counted, kept once
                continue;
              }
              out.curated(p.uid(), s, p.text(), shard);
              tar.write(p);
            }
          }
        }
      }
    }
    try (OutputStream out = fs.create(new Path(ctx.outputDir(), UIDS_FILE), false)) {
      UidArray.write(out, kept);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("threshold", t.threshold());
    summary.put("scored", scored[0]);
    summary.put("duplicate_uids", duplicates[0]);
    summary.put("kept", kept.size());
    summary.put("ground_truth", !truth.isEmpty());
    UnitOutput.Builder result = UnitOutput.builder().metric("threshold", t.threshold()).metric("kept", kept.size())
        .metric("scored", scored[0]).metric("duplicate_uids", duplicates[0]);
    if (!truth.isEmpty()) {
      // Ground truth, read only here: which pool pairs were clean.
      long[] counts = new long[3]; // pool, clean, kept and clean
      GroundTruth.forEach(ShardRef.truthFiles(truth, ctx), ctx.hadoopConf(), (uid, isClean) -> {
        counts[0]++;
        counts[1] += isClean ? 1 : 0;
        counts[2] += isClean && kept.contains(uid) ? 1 : 0;
      });
      long pool = counts[0];
      long clean = counts[1];
      double precision = kept.isEmpty() ? 0 : counts[2] / (double) kept.size();
      double recall = clean == 0 ? 0 : counts[2] / (double) clean;
      summary.put("pool", pool);
      summary.put("clean_in_pool", clean);
      summary.put("precision", precision);
      summary.put("recall", recall);
      result.metric("precision", precision).metric("recall", recall)
          .metric("clean_fraction_of_pool", pool == 0 ? 0 : clean / (double) pool);
    }
    summary.put("histogram_bins", BINS);
    summary.put("histogram", histogram);
    try (OutputStream out = fs.create(new Path(ctx.outputDir(), SUMMARY_FILE), false)) {
      new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out, summary);
    }
    return result.build();
  }
}
