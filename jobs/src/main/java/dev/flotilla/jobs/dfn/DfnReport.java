package dev.flotilla.jobs.dfn;

import dev.flotilla.datafiltering.dfn.CurationSummary;
import dev.flotilla.datafiltering.dfn.DfnCurateUnit;
import dev.flotilla.datafiltering.dfn.DfnDownstreamUnit;
import dev.flotilla.datafiltering.dfn.DfnScoreUnit;
import dev.flotilla.datafiltering.dfn.DownstreamResult;
import dev.flotilla.datafiltering.dfn.Gallery;
import dev.flotilla.datafiltering.dfn.ScoreResult;
import dev.flotilla.datafiltering.dfn.TrainResult;
import dev.flotilla.datafiltering.dfn.DfnTrainUnit;
import dev.flotilla.datafiltering.pool.CaptionDecoding;
import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.report.CurveCharts;
import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.executors.unit.LearningCurve;
import dev.flotilla.executors.unit.UnitRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;

/**
 * The dfn job's report, from the committed unit records and the curation summary: the threshold
 * and quality of the kept set, what each scoring unit scored and left out, the score histogram,
 * the downstream zero-shot accuracy per subset, and the learning curves of the units that train.
 */
public final class DfnReport {

  private DfnReport() {}

  /** One downstream unit's result and its unit id. */
  private record Subset(DownstreamResult result, String unitId) {}

  public static void write(DfnConfig dfn, MergeContext run, Report report) throws IOException {
    UnitRecord curate = null;
    List<Subset> subsets = new ArrayList<>();
    Table.Builder shards = new Table.Builder("shard", "scored", "skipped", "prefiltered", "invalid_utf8", "unit");
    Map<String, Long> skippedInPool = new java.util.TreeMap<>();
    long invalidUtf8 = 0;
    Map<String, LearningCurve> curves = new LinkedHashMap<>();
    TrainResult train = null;
    List<String> fallbacks = new ArrayList<>();
    for (UnitRecord r : run.records()) {
      if (!r.curve().isEmpty()) {
        curves.put(r.kind().equals(DfnDownstreamUnit.KIND) ? "downstream-" + r.result(DownstreamResult.class).subset()
            : r.name(), r.curve());
      }
      switch (r.kind()) {
        case DfnCurateUnit.KIND -> curate = r;
        case DfnTrainUnit.KIND -> train = r.result(TrainResult.class);
        case DfnDownstreamUnit.KIND -> subsets.add(new Subset(r.result(DownstreamResult.class), r.unitId()));
        case DfnScoreUnit.KIND -> {
          ScoreResult s = r.result(ScoreResult.class);
          shards.row(r.name(), s.scored(), reasons(s.skipped()), reasons(s.prefiltered()), s.invalidUtf8Captions(),
              r.unitId());
          s.skipped().forEach((reason, n) -> skippedInPool.merge(reason, n, Long::sum));
          invalidUtf8 += s.invalidUtf8Captions();
          if (s.deviceFallback() != null) {
            fallbacks.add(r.name() + ": " + s.deviceFallback());
          }
        }
        default -> { }
      }
    }
    if (curate == null) {
      throw new IllegalStateException("the dfn plan has no " + DfnCurateUnit.KIND + " unit");
    }
    CurationSummary summary = CurationSummary.read(run.runDir().fs(),
        new Path(run.runDir().unit(curate.unitId()), DfnCurateUnit.SUMMARY_FILE));
    report.headline(DfnHeadline.of(dfn, summary, subsets.stream().map(Subset::result).toList()));
    curation(dfn, curate.unitId(), summary, report);
    training(dfn, train, report);
    deviceFallbacks(fallbacks, report);
    report.table("scoring", "Per shard: pairs scored, pairs left out (bad input) and pairs pre-filtered, by reason; "
        + "captions that were not UTF-8 (" + (dfn.pool().invalidUtf8() == CaptionDecoding.SKIP
        ? "skipped: those pairs were not scored" : "replaced with U+FFFD and scored") + ", dfn.pool.invalid-utf8)",
        shards.build());
    report.chart("dfn-score-histogram", "Score histogram; the highlighted bins lie above the threshold",
        DfnCharts.histogram(summary, threshold(summary)));
    gallery(run, curate.unitId(), report);
    if (!subsets.isEmpty()) {
      downstream(subsets, dfn.downstream().zeroShot(), report);
    } else if (dfn.downstream().skipped() != null) {
      report.heading("Downstream: skipped");
      report.paragraph("The downstream step did not run: " + dfn.downstream().skipped() + ".");
    }
    facts(summary, skippedInPool, invalidUtf8, report);
    CurveCharts.addTo(report, "dfn", "Contrastive training loss of the filtering network and the downstream models",
        curves);
  }

  private static void deviceFallbacks(List<String> fallbacks, Report report) {
    if (!fallbacks.isEmpty()) {
      report.paragraph(fallbacks.size() + " scoring unit(s) ran on the CPU instead of their GPU (dfn.score.device = "
          + "auto), e.g. " + fallbacks.get(0) + ".");
      report.fact("score_device_fallbacks", fallbacks.size());
    }
  }

  private static void facts(CurationSummary summary, Map<String, Long> skippedInPool, long invalidUtf8,
      Report report) {
    if (summary.groundTruth()) {
      report.fact("precision", summary.precision()).fact("recall", summary.recall());
    }
    report.fact("threshold", threshold(summary)).fact("kept", summary.kept());
    // Pool-wide sums of what the scoring units counted, so bad input shows without reading every shard.
    skippedInPool.forEach((reason, n) -> report.fact("skipped_" + reason, n));
    report.fact("invalid_utf8", invalidUtf8);
  }

  /** What the filtering network learned from, when it is the user's high-quality set. */
  private static void training(DfnConfig dfn, TrainResult train, Report report) {
    if (train == null || dfn.train().hq() == null || train.hqPairs() == null) {
      return;
    }
    Map<String, Long> left = train.hqSkipped() == null ? Map.of() : new java.util.TreeMap<>(train.hqSkipped());
    report.paragraph("Filtering network trained on your high-quality set: " + train.hqPairs() + " pairs from "
        + dfn.train().hqShards().size() + " shard(s) of " + dfn.train().hq() + "; left out: " + reasons(left) + ".");
    report.fact("hq_pairs", train.hqPairs());
    left.forEach((reason, n) -> report.fact("hq_skipped_" + reason, n));
  }

  /** The heading, where the kept pairs are, and the curation table. */
  private static void curation(DfnConfig dfn, String curateId, CurationSummary s, Report report) {
    Double absolute = dfn.curation().threshold();
    double keep = dfn.curation().keepFraction();
    boolean truth = s.groundTruth();
    report.heading("DFN curation: " + (absolute != null ? "score >= " + absolute : "global top " + keep)
        + " of " + s.scored() + " scored pairs (" + s.duplicateUids() + " duplicate uids across shards, kept once)");
    report.paragraph("Kept pairs: units/" + curateId + "/" + DfnCurateUnit.CURATED_FILE + " (uid, score, text, shard); "
        + "DataComp uid array: units/" + curateId + "/" + DfnCurateUnit.UIDS_FILE + "; WebDataset shards of the kept "
        + "pairs (one per pool shard, written by its keep unit): listed in units/" + curateId + "/"
        + DfnCurateUnit.SHARDS_FILE + ".");
    DfnConfig.Pool pool = dfn.pool();
    if (pool.external()) {
      report.paragraph("Pool: " + pool.inputShards().size() + " existing shards from dfn.pool.input"
          + (pool.truth() != null ? ", ground truth from " + pool.truth() + "."
          : ". No ground truth given (dfn.pool.truth): precision, recall and the oracle subset are skipped."));
    }
    Table.Builder t = new Table.Builder("pool", "clean_in_pool", "keep_fraction", "threshold", "kept",
        "precision", "recall", "clean_fraction_of_pool");
    t.row(truth ? s.pool() : (Object) s.scored(), truth ? s.cleanInPool() : "-",
        absolute != null ? "-" : (Object) keep, threshold(s), s.kept(),
        truth ? s.precision() : "-", truth ? s.recall() : "-",
        truth ? s.cleanInPool() / (double) s.pool() : "-");
    report.table("curation", "Threshold and quality of the kept set against the ground truth", t.build());
  }

  private static void downstream(List<Subset> subsets, String zeroShot, Report report) {
    Table.Builder t = new Table.Builder("subset", "pairs", "steps", "zero_shot_accuracy", "unit");
    for (Subset s : subsets) {
      DownstreamResult r = s.result();
      t.row(r.subset(), r.subsetSize() < 0 ? "all" : Long.toString(r.subsetSize()), r.steps(),
          r.zeroShotAccuracy(), s.unitId());
    }
    report.heading("Downstream: the same model trained on each subset");
    report.table("downstream", "Zero-shot accuracy on " + (zeroShot == null ? "Fashion-MNIST test images"
        : "the labelled folder " + zeroShot + " (folder names as prompts)") + ", same steps per subset", t.build());
    List<String> names = subsets.stream().map(s -> s.result().subset()).toList();
    List<Double> accuracy = subsets.stream().map(s -> s.result().zeroShotAccuracy()).toList();
    report.chart("dfn-downstream-accuracy", "Zero-shot accuracy per training subset",
        DfnCharts.accuracy(names, accuracy));
    for (int i = 0; i < names.size(); i++) {
      report.fact("zero_shot_" + names.get(i), accuracy.get(i));
    }
  }

  /**
   * The curate unit's gallery: top kept pairs, kept just above and rejected just below the
   * threshold, and the lowest, each with its score and caption (runs made before it have none).
   */
  private static void gallery(MergeContext run, String curateId, Report report) throws IOException {
    Path unit = run.runDir().unit(curateId);
    var fs = run.runDir().fs();
    if (!fs.exists(new Path(unit, Gallery.FILE))) {
      return;
    }
    Map<String, String> titles = Map.of("top", "top kept", "just_above", "kept, just above the threshold",
        "just_below", "rejected, just below the threshold", "bottom", "lowest scores");
    List<Report.Tile> tiles = new ArrayList<>();
    for (Gallery.Entry e : Gallery.read(fs, new Path(unit, Gallery.FILE)).entries()) {
      byte[] png;
      try (var in = fs.open(new Path(unit, e.thumbnail()))) {
        png = in.readAllBytes();
      }
      String caption = e.caption().length() > 90 ? e.caption().substring(0, 87) + "..." : e.caption();
      tiles.add(new Report.Tile(png, titles.get(e.group()) + String.format(java.util.Locale.ROOT, ", %.4f", e.score())
          + "\n" + caption));
    }
    report.gallery("dfn-gallery", "Pairs around the threshold: top kept, just above, just below, lowest (score, caption)",
        tiles);
  }

  /** "reason=count ..." in the record's order, or "0". */
  private static String reasons(Map<String, Long> counts) {
    return counts.isEmpty() ? "0"
        : counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
  }

  /**
   * The threshold as curation.json writes it: the float's shortest decimal (0.7096416, not its
   * exact binary value 0.70964157581...), as people read it.
   */
  private static double threshold(CurationSummary s) {
    return Double.parseDouble(Float.toString(s.threshold()));
  }
}
