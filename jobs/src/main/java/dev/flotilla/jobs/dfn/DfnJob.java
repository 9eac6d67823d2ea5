package dev.flotilla.jobs.dfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import dev.flotilla.datafiltering.dfn.DfnCurateUnit;
import dev.flotilla.datafiltering.dfn.DfnDownstreamUnit;
import dev.flotilla.datafiltering.dfn.DfnPoolUnit;
import dev.flotilla.datafiltering.dfn.DfnScoreUnit;
import dev.flotilla.datafiltering.dfn.DfnTrainUnit;
import dev.flotilla.datafiltering.dfn.ShardRef;
import dev.flotilla.datafiltering.model.ClipSpec;
import dev.flotilla.datafiltering.pool.BasicFilter;
import dev.flotilla.datafiltering.pool.GroundTruth;
import dev.flotilla.datafiltering.pool.PoolFormat;
import dev.flotilla.datafiltering.pool.PoolShards;
import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.executors.rundir.AtomicFiles;
import dev.flotilla.executors.unit.WorkUnit;
import dev.flotilla.jobs.config.JobConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The {@code dfn} job (Data Filtering Networks): build a noisy pool (WebDataset or Parquet
 * shards) or take an existing one ({@code inputShards}, with optional ground truth
 * {@code truth}), train the filtering network on a disjoint high-quality set, score every shard
 * (one unit each), curate the global top fraction (threshold, kept pairs, DataComp uid array,
 * resharded tars, precision/recall against the ground truth), and train the same model on
 * all / random / DFN / oracle subsets for zero-shot evaluation.
 */
public record DfnJob(EngineSettings engine, Map<String, Object> config, String dataDir,
    long poolSamples, int shardSize, int hqImages, List<Double> styles, long poolSeed, ClipSpec spec,
    long trainSteps, int trainBatch, int scoreBatch, double keepFraction, List<String> subsets,
    long downstreamSteps, int downstreamBatch, int testLimit, BasicFilter basicFilter,
    Double absoluteThreshold, String poolFormat, List<String> inputShards, String truth) implements JobSpec {

  public static final String KIND = "dfn";
  private static final ObjectMapper JSON = new ObjectMapper();

  public DfnJob {
    config = Map.copyOf(config);
    styles = List.copyOf(styles);
    subsets = List.copyOf(subsets);
    inputShards = List.copyOf(inputShards);
  }

  /** True when the job scores an existing pool instead of building one. */
  public boolean externalPool() {
    return !inputShards.isEmpty();
  }

  /** Subsets that cannot run, with why (the oracle needs ground truth). */
  private List<String> runnableSubsets() {
    return subsets.stream().filter(s -> !(s.equals("oracle") && externalPool() && truth == null)).toList();
  }

  /** Reads {@code dfn.*} into a validated job. */
  public static JobSpec fromConfig(Config c, EngineSettings engine) {
    String dataDir = c.getString("dfn.data.dir");
    int available = JobConfig.trainImages(c, "dfn.data.dir");
    int hq = c.getInt("dfn.pool.hq-images");
    if (hq < 1 || hq >= available) {
      throw new IllegalArgumentException("dfn.pool.hq-images = " + hq + ": must be in 1.." + (available - 1)
          + " (the rest of the " + available + " training images feed the pool)");
    }
    long samples = c.getLong("dfn.pool.samples");
    int shard = c.getInt("dfn.pool.shard-size");
    if (samples < 1 || shard < 1) {
      throw new IllegalArgumentException("dfn.pool.samples and dfn.pool.shard-size must be >= 1");
    }
    List<Double> styles = c.getDoubleList("dfn.pool.styles");
    double sum = styles.stream().mapToDouble(Double::doubleValue).sum();
    if (styles.size() != 4 || Math.abs(sum - 1) > 1e-6 || styles.stream().anyMatch(v -> v < 0)) {
      throw new IllegalArgumentException("dfn.pool.styles must be 4 probabilities (correct, mismatched, "
          + "boilerplate, partly wrong) summing to 1, got " + styles);
    }
    ClipSpec spec;
    try {
      spec = new ClipSpec(c.getInt("dfn.model.embed-dim"), c.getInt("dfn.model.channels"),
          c.getInt("dfn.model.vocab-buckets"), c.getInt("dfn.model.text-hidden"),
          c.getDouble("dfn.model.learning-rate"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("dfn.model: " + e.getMessage(), e);
    }
    double keep = c.getDouble("dfn.keep-fraction");
    if (!(keep > 0 && keep <= 1)) {
      throw new IllegalArgumentException("dfn.keep-fraction = " + keep + ": must be in (0, 1]");
    }
    List<String> subsets = c.getStringList("dfn.downstream.subsets");
    for (String sub : subsets) {
      if (!DfnDownstreamUnit.SUBSETS.contains(sub)) {
        throw new IllegalArgumentException("dfn.downstream.subsets: unknown subset '" + sub + "'; known: "
            + DfnDownstreamUnit.SUBSETS);
      }
    }
    String format;
    try {
      format = PoolFormat.parse(c.getString("dfn.pool.format")).configName();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("dfn.pool.format: " + e.getMessage(), e);
    }
    String input = c.getIsNull("dfn.pool.input") ? null : c.getString("dfn.pool.input");
    String truth = c.getIsNull("dfn.pool.truth") ? null : c.getString("dfn.pool.truth");
    List<String> inputShards = List.of();
    Configuration hadoop = new Configuration();
    if (input != null) {
      try {
        inputShards = PoolShards.list(input, hadoop).stream().map(Path::toString).toList();
      } catch (IOException e) {
        throw new IllegalArgumentException("dfn.pool.input = " + input + ": " + e.getMessage(), e);
      }
    }
    if (truth != null) {
      if (input == null) {
        throw new IllegalArgumentException("dfn.pool.truth = " + truth
            + ": only for an existing pool (dfn.pool.input); a built pool writes its own ground truth");
      }
      try {
        Path p = new Path(truth);
        GroundTruth.files(p, hadoop); // exists, and is a .tsv file or a directory holding some
        truth = p.getFileSystem(hadoop).makeQualified(p).toString();
      } catch (IOException e) {
        throw new IllegalArgumentException("dfn.pool.truth = " + truth + ": " + e.getMessage(), e);
      }
    }
    return new DfnJob(engine, JobConfig.render(c), dataDir, samples, shard, hq, styles,
        c.getLong("dfn.pool.seed"), spec, c.getLong("dfn.train.steps"), c.getInt("dfn.train.batch-size"),
        c.getInt("dfn.score.batch-size"), keep, subsets, c.getLong("dfn.downstream.steps"),
        c.getInt("dfn.downstream.batch-size"), c.getInt("dfn.downstream.test-limit"),
        basicFilter(c), c.getIsNull("dfn.threshold") ? null : c.getDouble("dfn.threshold"),
        format, inputShards, truth);
  }

  private static BasicFilter basicFilter(Config c) {
    if (!c.getBoolean("dfn.basic-filter.enabled")) {
      return null;
    }
    try {
      return new BasicFilter(c.getInt("dfn.basic-filter.min-words"), c.getInt("dfn.basic-filter.min-chars"),
          c.getInt("dfn.basic-filter.min-side"), c.getDouble("dfn.basic-filter.max-aspect"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("dfn.basic-filter: " + e.getMessage(), e);
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Plan plan() {
    List<PlannedUnit> units = new ArrayList<>();
    // The pool: one unit per shard it builds, or the shards of an existing pool (no units).
    List<PlannedUnit> pools = new ArrayList<>();
    List<ShardRef> shards = new ArrayList<>();
    List<ShardRef> truthRefs = new ArrayList<>();
    if (externalPool()) {
      inputShards.forEach(f -> shards.add(ShardRef.external(f)));
      if (truth != null) {
        truthRefs.add(ShardRef.external(truth));
      }
    } else {
      for (long first = 0, s = 0; first < poolSamples; first += shardSize, s++) {
        DfnPoolUnit unit = new DfnPoolUnit((int) s, first, (int) Math.min(shardSize, poolSamples - first),
            dataDir, hqImages, styles, poolSeed, poolFormat);
        PlannedUnit p = PlannedUnit.of(unit, engine.cpusPerUnit());
        pools.add(p);
        units.add(p);
        shards.add(ShardRef.ofUnit(p.id(), unit.shardFile()));
        truthRefs.add(ShardRef.ofUnit(p.id(), DfnPoolUnit.TRUTH_FILE));
      }
    }
    PlannedUnit train = PlannedUnit.of(new DfnTrainUnit(spec, dataDir, hqImages, trainSteps, trainBatch, poolSeed + 1),
        engine.cpusPerUnit());
    units.add(train);
    List<PlannedUnit> scores = new ArrayList<>();
    for (int i = 0; i < shards.size(); i++) {
      List<PlannedUnit> after = pools.isEmpty() ? List.of(train) : List.of(pools.get(i), train);
      PlannedUnit s = PlannedUnit.of(new DfnScoreUnit(shards.get(i), train.id(), spec, scoreBatch, basicFilter),
          engine.cpusPerUnit(), after);
      scores.add(s);
      units.add(s);
    }
    List<PlannedUnit> inputs = new ArrayList<>(scores);
    inputs.addAll(pools);
    PlannedUnit curate = PlannedUnit.of(new DfnCurateUnit(scores.stream().map(PlannedUnit::id).toList(),
        shards, truthRefs, keepFraction, absoluteThreshold), engine.cpusPerUnit(), inputs);
    units.add(curate);
    List<PlannedUnit> downstreamInputs = new ArrayList<>(pools);
    downstreamInputs.add(curate);
    for (String sub : runnableSubsets()) {
      units.add(PlannedUnit.of(new DfnDownstreamUnit(sub, shards, truthRefs,
          curate.id(), spec, downstreamSteps, downstreamBatch, dataDir, testLimit, poolSeed + 2),
          engine.cpusPerUnit(), downstreamInputs));
    }
    return new Plan(units);
  }

  @Override
  public Map<String, Object> describe(WorkUnit unit) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("what", switch (unit.kind()) {
      case DfnPoolUnit.KIND -> "write " + ((DfnPoolUnit) unit).size() + " pool pairs";
      case DfnTrainUnit.KIND -> "train the filtering network, " + trainSteps + " steps";
      case DfnScoreUnit.KIND -> "score one shard";
      case DfnDownstreamUnit.KIND -> "train on subset '" + ((DfnDownstreamUnit) unit).subset() + "', zero-shot eval";
      default -> absoluteThreshold != null ? "keep scores >= " + absoluteThreshold
          : "global top " + keepFraction + " threshold and curation";
    });
    return d;
  }

  /** "reason=count ..." of the metrics named {@code prefix + reason}, or "0". */
  private static String reasons(JsonNode metrics, String prefix) {
    StringBuilder out = new StringBuilder();
    for (var it = metrics.fields(); it.hasNext(); ) {
      var f = it.next();
      if (f.getKey().startsWith(prefix)) {
        out.append(f.getKey().substring(prefix.length())).append('=').append(f.getValue().asLong()).append(' ');
      }
    }
    return out.length() == 0 ? "0" : out.toString().trim();
  }

  @Override
  public void merge(MergeContext run, Report report) throws IOException {
    UnitEntry curate = null;
    Table.Builder downstream = new Table.Builder("subset", "pairs", "steps", "zero_shot_accuracy", "unit");
    List<String> subsetNames = new ArrayList<>();
    List<Double> subsetAcc = new ArrayList<>();
    Table.Builder shards = new Table.Builder("shard", "scored", "skipped", "prefiltered", "unit");
    for (UnitEntry e : run.units()) {
      if (e.kind.equals(DfnCurateUnit.KIND)) {
        curate = e;
      } else if (e.kind.equals(DfnDownstreamUnit.KIND)) {
        JsonNode rec = JSON.readTree(AtomicFiles.readString(run.runDir().fs(), run.runDir().unitRecord(e.id)));
        JsonNode m = rec.path("metrics");
        String sub = rec.path("facts").path("subset").asText();
        long size = m.path("subset_size").asLong();
        downstream.row(sub, size < 0 ? "all" : Long.toString(size), m.path("steps").asLong(),
            m.path("zero_shot_accuracy").asDouble(), e.id);
        subsetNames.add(sub);
        subsetAcc.add(m.path("zero_shot_accuracy").asDouble());
      } else if (e.kind.equals(DfnScoreUnit.KIND)) {
        JsonNode m = JSON.readTree(AtomicFiles.readString(run.runDir().fs(), run.runDir().unitRecord(e.id))).path("metrics");
        shards.row(e.name, m.path("scored").asLong(), reasons(m, "skipped_"), reasons(m, "prefiltered_"), e.id);
      }
    }
    JsonNode summary = JSON.readTree(AtomicFiles.readString(run.runDir().fs(),
        new org.apache.hadoop.fs.Path(run.runDir().unit(curate.id), DfnCurateUnit.SUMMARY_FILE)));
    boolean truthKnown = summary.path("ground_truth").asBoolean();
    Table.Builder t = new Table.Builder("pool", "clean_in_pool", "keep_fraction", "threshold", "kept",
        "precision", "recall", "clean_fraction_of_pool");
    t.row(truthKnown ? summary.path("pool").asLong() : (Object) summary.path("scored").asLong(),
        truthKnown ? summary.path("clean_in_pool").asLong() : "-",
        absoluteThreshold != null ? "-" : (Object) keepFraction,
        summary.path("threshold").asDouble(), summary.path("kept").asLong(),
        truthKnown ? summary.path("precision").asDouble() : "-",
        truthKnown ? summary.path("recall").asDouble() : "-",
        truthKnown ? summary.path("clean_in_pool").asDouble() / summary.path("pool").asDouble() : "-");
    report.heading("DFN curation: " + (absoluteThreshold != null ? "score >= " + absoluteThreshold
        : "global top " + keepFraction) + " of " + summary.path("scored").asLong() + " scored pairs"
        + " (" + summary.path("duplicate_uids").asLong() + " duplicate uids across shards, kept once)");
    report.paragraph("Kept pairs: units/" + curate.id + "/" + DfnCurateUnit.CURATED_FILE + " (uid, score, text, shard); "
        + "DataComp uid array: units/" + curate.id + "/" + DfnCurateUnit.UIDS_FILE + ".");
    if (externalPool()) {
      report.paragraph("Pool: " + inputShards.size() + " existing shards from dfn.pool.input"
          + (truth != null ? ", ground truth from " + truth + "."
          : ". No ground truth given (dfn.pool.truth): precision, recall and the oracle subset are skipped."));
    }
    report.table("curation", "Threshold and quality of the kept set against the ground truth", t.build());
    report.table("scoring", "Per shard: pairs scored, pairs left out (bad input) and pairs pre-filtered, by reason",
        shards.build());
    List<String> bins = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    int n = summary.path("histogram_bins").asInt();
    for (int i = 0; i < n; i++) {
      bins.add(String.format(java.util.Locale.ROOT, "%.2f", -1 + 2.0 * i / n));
      counts.add(summary.path("histogram").get(i).asLong());
    }
    double threshold = summary.path("threshold").asDouble();
    CategoryChart chart = new CategoryChartBuilder().width(900).height(420)
        .title(String.format(java.util.Locale.ROOT, "Pair scores (threshold %.3f keeps %d pairs)", threshold,
            summary.path("kept").asLong()))
        .xAxisTitle("cosine similarity (bin start)").yAxisTitle("pairs").build();
    chart.getStyler().setLegendVisible(true);
    chart.getStyler().setXAxisLabelRotation(90);
    chart.getStyler().setOverlapped(true);
    List<Long> keptCounts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keptCounts.add(-1 + 2.0 * (i + 1) / n > threshold ? counts.get(i) : 0L);
    }
    chart.addSeries("all pairs", bins, counts);
    chart.addSeries("bins above the threshold", bins, keptCounts);
    report.chart("dfn-score-histogram", "Score histogram; the highlighted bins lie above the threshold", chart);
    if (!subsetNames.isEmpty()) {
      report.heading("Downstream: the same model trained on each subset");
      report.table("downstream", "Zero-shot accuracy on Fashion-MNIST test images (class prompts), same steps per subset",
          downstream.build());
      CategoryChart acc = new CategoryChartBuilder().width(700).height(400).title("Zero-shot accuracy per training subset")
          .xAxisTitle("subset").yAxisTitle("accuracy").build();
      acc.getStyler().setLegendVisible(false);
      acc.addSeries("zero-shot accuracy", subsetNames, subsetAcc);
      report.chart("dfn-downstream-accuracy", "Zero-shot accuracy per training subset", acc);
      for (int i = 0; i < subsetNames.size(); i++) {
        report.fact("zero_shot_" + subsetNames.get(i), subsetAcc.get(i));
      }
    }
    if (truthKnown) {
      report.fact("precision", summary.path("precision").asDouble()).fact("recall", summary.path("recall").asDouble());
    }
    report.fact("threshold", threshold).fact("kept", summary.path("kept").asLong());
  }
}
