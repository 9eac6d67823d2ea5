package dev.flotilla.jobs.sortednet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.ensembles.sortednet.DjlNestedModel;
import dev.flotilla.ensembles.sortednet.SamplingPolicy;
import dev.flotilla.ensembles.sortednet.SortedCost;
import dev.flotilla.ensembles.sortednet.SortedNetSpec;
import dev.flotilla.ensembles.sortednet.SubNetwork;
import dev.flotilla.ensembles.sortednet.SubNetworkGrid;
import dev.flotilla.ensembles.sortednet.TrainingOptions;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.backend.ModelCost;
import dev.flotilla.executors.backend.ModelSpec;
import dev.flotilla.executors.data.FashionMnist;
import dev.flotilla.executors.rundir.AtomicFiles;
import dev.flotilla.executors.unit.WorkUnit;
import dev.flotilla.jobs.config.JobConfig;
import dev.flotilla.jobs.sweep.SweepTrainUnit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * The {@code sortednet} job: sorted trainings (units), evaluation of every sub-network (units of
 * a batch each, after their training), and independent trainings of baseline architectures
 * (sweep units), merged into the sub-network table, the Pareto front and the comparison.
 */
public record SortedNetJob(EngineSettings engine, Map<String, Object> config, SortedNetSpec spec,
    SubNetworkGrid grid, List<SortedTrainUnit> trainings, List<SubNetwork> baseline,
    String dataDir, int trainLimit, int testLimit, int perEvalUnit, int latencyRepeats)
    implements JobSpec {

  public static final String KIND = "sortednet";
  public static final String TABLE = "subnetworks";
  private static final ObjectMapper JSON = new ObjectMapper();

  public SortedNetJob {
    config = Map.copyOf(config);
    trainings = List.copyOf(trainings);
    baseline = List.copyOf(baseline);
  }

  /** Reads {@code sortednet.*} into a validated job. */
  public static JobSpec fromConfig(Config c, EngineSettings engine) {
    String backend = c.getString("sortednet.backend");
    try {
      Backends.get(backend, DjlNestedModel.FAMILY); // only djl has nested models today
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sortednet.backend = " + backend + ": " + e.getMessage(), e);
    }
    SortedNetSpec spec;
    try {
      spec = new SortedNetSpec(c.getString("sortednet.model.kind"), c.getInt("sortednet.model.width"),
          c.getInt("sortednet.model.depth"), 1, 28, 28, FashionMnist.CLASS_NAMES.length,
          c.getDouble("sortednet.model.learning-rate"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sortednet.model: " + e.getMessage(), e);
    }
    SubNetworkGrid grid;
    try {
      grid = new SubNetworkGrid(c.getDoubleList("sortednet.grid.widths"), c.getIntList("sortednet.grid.depths"));
      grid.check(spec);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sortednet.grid: " + e.getMessage(), e);
    }
    String dataDir = c.getString("sortednet.data.dir");
    int trainLimit = c.getInt("sortednet.data.train-limit");
    int testLimit = c.getInt("sortednet.data.test-limit");
    int batch = c.getInt("sortednet.batch-size");
    int available = JobConfig.trainImages(c, "sortednet.data.dir");
    int n = trainLimit > 0 ? Math.min(trainLimit, available) : available;
    long steps = Math.max(1, (long) Math.ceil(c.getDouble("sortednet.epochs") * n / batch));
    TrainingOptions options;
    try {
      options = new TrainingOptions(steps, batch, c.getDouble("sortednet.distill"),
          c.getDouble("sortednet.temperature"), c.getDouble("sortednet.shrink-after"),
          c.getLong("sortednet.warmup-steps"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sortednet: " + e.getMessage(), e);
    }
    List<Double> wp = c.getDoubleList("sortednet.width-probabilities");
    List<Double> dp = c.getDoubleList("sortednet.depth-probabilities");
    List<SortedTrainUnit> trainings = new ArrayList<>();
    int i = 0;
    for (ConfigObject t : c.getObjectList("sortednet.trainings")) {
      String where = "sortednet.trainings[" + i++ + "]";
      for (String k : t.keySet()) {
        if (!Set.of("policy", "per-step", "seed").contains(k)) {
          throw new IllegalArgumentException(where + ": unknown key '" + k + "' (known: policy, per-step, seed)");
        }
      }
      Config tc = t.toConfig();
      SamplingPolicy policy;
      try {
        policy = new SamplingPolicy(tc.getString("policy"), tc.hasPath("per-step") ? tc.getInt("per-step") : 4, wp, dp);
        policy.check(grid);
      } catch (IllegalArgumentException | com.typesafe.config.ConfigException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
      long seed = tc.hasPath("seed") ? tc.getLong("seed") : 1;
      trainings.add(new SortedTrainUnit(policy.kind() + "-s" + seed, spec, grid, policy, options, seed,
          dataDir, trainLimit));
    }
    if (trainings.isEmpty()) {
      throw new IllegalArgumentException("sortednet.trainings is empty: nothing to train");
    }
    List<SubNetwork> baseline = new ArrayList<>();
    for (Object o : c.getList("sortednet.baseline").unwrapped()) {
      if (!(o instanceof List<?> pair) || pair.size() != 2 || !(pair.get(0) instanceof Number w)
          || !(pair.get(1) instanceof Number d)) {
        throw new IllegalArgumentException("sortednet.baseline: each entry must be [width fraction, depth], got " + o);
      }
      SubNetwork s;
      try {
        s = new SubNetwork(w.doubleValue(), d.intValue());
        spec.check(s);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("sortednet.baseline: " + e.getMessage(), e);
      }
      if (!SortedNetSpec.MLP.equals(spec.kind())) {
        throw new IllegalArgumentException("sortednet.baseline: independent baselines exist for the mlp "
            + "only (the sweep has no CNN of the sorted CNN's shape); set sortednet.baseline = [] for a cnn");
      }
      baseline.add(s);
    }
    int per = c.getInt("sortednet.eval.subnetworks-per-unit");
    if (per < 1) {
      throw new IllegalArgumentException("sortednet.eval.subnetworks-per-unit = " + per + ": must be >= 1");
    }
    return new SortedNetJob(engine, JobConfig.render(c), spec, grid, trainings, baseline, dataDir,
        trainLimit, testLimit, per, c.getInt("sortednet.eval.latency-repeats"));
  }

  @Override
  public String kind() {
    return KIND;
  }

  /** The baseline: sub-network (w, d) as a plain MLP, trained alone with the same steps. */
  SweepTrainUnit baselineUnit(SubNetwork s) {
    int k = s.units(spec.width());
    List<Integer> widths = new ArrayList<>();
    for (int i = 0; i < s.depth(); i++) {
      widths.add(k);
    }
    TrainingOptions o = trainings.get(0).options();
    return new SweepTrainUnit("djl", new ModelSpec(ModelSpec.MLP, widths, 1, 28, 28, spec.classes(),
        spec.learningRate()), dataDir, trainLimit, testLimit, o.steps(), o.batchSize());
  }

  @Override
  public Plan plan() {
    List<PlannedUnit> units = new ArrayList<>();
    List<SubNetwork> all = grid.all();
    for (SortedTrainUnit t : trainings) {
      PlannedUnit train = PlannedUnit.of(t, engine.cpusPerUnit());
      units.add(train);
      for (int from = 0; from < all.size(); from += perEvalUnit) {
        List<SubNetwork> batch = all.subList(from, Math.min(all.size(), from + perEvalUnit));
        units.add(PlannedUnit.of(new SortedEvalUnit(train.id(), t.label(), spec, batch, dataDir, testLimit,
            latencyRepeats), engine.cpusPerUnit(), List.of(train)));
      }
    }
    for (SubNetwork s : baseline) {
      units.add(PlannedUnit.of(baselineUnit(s), engine.cpusPerUnit()));
    }
    return new Plan(units);
  }

  @Override
  public Map<String, Object> describe(WorkUnit unit) {
    Map<String, Object> d = new LinkedHashMap<>();
    if (unit instanceof SortedTrainUnit t) {
      d.put("what", "sorted training, " + t.policy().kind() + ", " + t.options().steps() + " steps");
      d.put("train_flops", t.expectedTrainFlops());
    } else if (unit instanceof SortedEvalUnit e) {
      d.put("what", "evaluate " + e.subNetworks().size() + " sub-networks");
      d.put("train_flops", 0.0);
    } else if (unit instanceof SweepTrainUnit s) {
      d.put("what", "independent " + s.model().label() + ", " + s.steps() + " steps");
      d.put("train_flops", (double) ModelCost.trainFlopsPerExample(s.model()) * s.steps() * s.batchSize());
    }
    return d;
  }

  @Override
  public void merge(MergeContext run, Report report) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    Map<String, JsonNode> trainRecords = new LinkedHashMap<>();
    Map<String, JsonNode> baselineRecords = new LinkedHashMap<>();
    for (UnitEntry e : run.units()) {
      JsonNode rec = JSON.readTree(AtomicFiles.readString(run.runDir().fs(), run.runDir().unitRecord(e.id)));
      switch (e.kind) {
        case SortedEvalUnit.KIND -> JSON.readTree(AtomicFiles.readString(run.runDir().fs(),
            new org.apache.hadoop.fs.Path(run.runDir().unit(e.id), SortedEvalUnit.RESULT_FILE))).forEach(rows::add);
        case SortedTrainUnit.KIND -> trainRecords.put(e.id, rec);
        case SweepTrainUnit.KIND -> baselineRecords.put(rec.path("spec").path("model").path("widths").toString(), rec);
        default -> { }
      }
    }
    rows.sort(Comparator.comparing((JsonNode r) -> r.path("training").asText())
        .thenComparingDouble(r -> r.path("flops").asDouble()));
    // Pareto front per training: no other sub-network is at least as accurate with fewer FLOPs.
    Table.Builder t = new Table.Builder("training", "subnetwork", "width_fraction", "depth", "units",
        "params", "flops", "accuracy", "latency_ms", "pareto", "export_max_abs_diff", "train_unit");
    Map<String, List<double[]>> points = new LinkedHashMap<>();
    Map<String, List<double[]>> fronts = new LinkedHashMap<>();
    for (JsonNode r : rows) {
      boolean pareto = rows.stream().noneMatch(o -> o.path("training").equals(r.path("training"))
          && o != r && o.path("flops").asDouble() <= r.path("flops").asDouble()
          && o.path("accuracy").asDouble() > r.path("accuracy").asDouble());
      String tr = r.path("training").asText();
      t.row(tr, r.path("subnetwork").asText(), r.path("width_fraction").asDouble(), r.path("depth").asInt(),
          r.path("units").asInt(), r.path("params").asLong(), r.path("flops").asLong(),
          r.path("accuracy").asDouble(), r.path("latency_ms").asDouble(), pareto,
          r.path("export_max_abs_diff").asDouble(), r.path("train_unit").asText());
      points.computeIfAbsent(tr, k -> new ArrayList<>()).add(new double[] {r.path("flops").asDouble(), r.path("accuracy").asDouble()});
      if (pareto) {
        fronts.computeIfAbsent(tr, k -> new ArrayList<>()).add(new double[] {r.path("flops").asDouble(), r.path("accuracy").asDouble()});
      }
    }
    Table table = t.build();
    report.heading("SortedNet: " + rows.size() + " sub-networks of " + spec.label());
    report.paragraph(String.format("%d sorted training(s), each %d steps of batch %d; sub-networks "
        + "evaluated on %s Fashion-MNIST test images; latency is the exported standalone network's, "
        + "batch 1, median. No BatchNorm in these models, so there is nothing to recalibrate.",
        trainings.size(), trainings.get(0).options().steps(), trainings.get(0).options().batchSize(),
        testLimit > 0 ? Integer.toString(testLimit) : "all 10,000"));
    report.table(TABLE, "Every sub-network: size, cost, accuracy, latency", table);
    XYChart chart = new XYChartBuilder().width(900).height(520).title("Accuracy vs FLOPs per sub-network")
        .xAxisTitle("forward FLOPs per example").yAxisTitle("test accuracy").build();
    chart.getStyler().setXAxisLogarithmic(true);
    points.forEach((tr, p) -> {
      XYSeries s = chart.addSeries(tr, p.stream().map(v -> v[0]).toList(), p.stream().map(v -> v[1]).toList());
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    });
    fronts.forEach((tr, p) -> {
      p.sort(Comparator.comparingDouble(v -> v[0]));
      XYSeries s = chart.addSeries(tr + " Pareto front", p.stream().map(v -> v[0]).toList(), p.stream().map(v -> v[1]).toList());
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    });
    // Selection without search at a few budgets, as `flotilla select --max-flops` would answer.
    double fullFlops = SortedCost.forwardFlops(spec, spec.largest());
    Table.Builder sel = new Table.Builder("training", "max_flops", "budget_of_full", "subnetwork",
        "accuracy", "flops", "params", "latency_ms");
    for (SortedTrainUnit tr : trainings) {
      for (double frac : new double[] {0.1, 0.25, 0.5, 1.0}) {
        Selection budget = new Selection(frac * fullFlops, null, null, tr.label());
        budget.best(rows).ifPresent(b -> sel.row(tr.label(), Math.round(frac * fullFlops), frac,
            b.path("subnetwork").asText(), b.path("accuracy").asDouble(), b.path("flops").asLong(),
            b.path("params").asLong(), b.path("latency_ms").asDouble()));
      }
    }
    report.table("selection", "Best sub-network under FLOPs budgets (selection without search)", sel.build());
    report.chart("subnetworks-accuracy-vs-flops", "Accuracy vs FLOPs of every sub-network, with the Pareto front", chart);

    // Side by side with independent training.
    if (!baselineRecords.isEmpty()) {
      Table.Builder cmp = new Table.Builder("training", "subnetwork", "sorted_accuracy",
          "independent_accuracy", "ratio", "meets_96pct");
      double minRatio = Double.MAX_VALUE;
      int meets = 0;
      int total = 0;
      for (SubNetwork s : baseline) {
        List<Integer> w = new ArrayList<>();
        for (int i = 0; i < s.depth(); i++) {
          w.add(s.units(spec.width()));
        }
        JsonNode b = baselineRecords.get(JSON.valueToTree(w).toString());
        if (b == null) {
          continue;
        }
        double alone = b.path("metrics").path("accuracy").asDouble();
        for (JsonNode r : rows) {
          if (r.path("subnetwork").asText().equals(s.label())) {
            double sorted = r.path("accuracy").asDouble();
            double ratio = sorted / alone;
            minRatio = Math.min(minRatio, ratio);
            meets += ratio >= 0.96 ? 1 : 0;
            total++;
            cmp.row(r.path("training").asText(), s.label(), sorted, alone, ratio, ratio >= 0.96);
          }
        }
      }
      report.heading("Sorted vs independent training");
      report.table("comparison", "Accuracy of each baseline architecture: sorted / trained alone (target >= 0.96)", cmp.build());
      report.fact("min_accuracy_ratio", minRatio).fact("subnetworks_meeting_96pct", meets)
          .fact("subnetworks_compared", total);
      // Cost: each sorted training vs the largest network alone and vs all baselines alone.
      double largestAloneFlops = 0;
      double largestAloneSeconds = 0;
      double allAloneFlops = 0;
      double allAloneSeconds = 0;
      for (Map.Entry<String, JsonNode> b : baselineRecords.entrySet()) {
        double f = b.getValue().path("metrics").path("train_flops").asDouble();
        double sec = b.getValue().path("metrics").path("train_seconds").asDouble();
        allAloneFlops += f;
        allAloneSeconds += sec;
        if (f > largestAloneFlops) {
          largestAloneFlops = f;
          largestAloneSeconds = sec;
        }
      }
      Table.Builder cost = new Table.Builder("approach", "models", "train_flops", "train_seconds",
          "flops_vs_largest_alone", "seconds_vs_largest_alone");
      for (JsonNode tr : trainRecords.values()) {
        double f = tr.path("metrics").path("train_flops").asDouble();
        double sec = tr.path("metrics").path("train_seconds").asDouble();
        cost.row("sorted " + tr.path("name").asText(), grid.size(), f, sec,
            f / largestAloneFlops, sec / largestAloneSeconds);
        report.fact("sorted_cost_vs_largest_flops", f / largestAloneFlops)
            .fact("sorted_cost_vs_largest_seconds", sec / largestAloneSeconds);
      }
      cost.row("independent, largest only", 1, largestAloneFlops, largestAloneSeconds, 1.0, 1.0);
      cost.row("independent, all baselines", baselineRecords.size(), allAloneFlops, allAloneSeconds,
          allAloneFlops / largestAloneFlops, allAloneSeconds / largestAloneSeconds);
      report.table("training-cost", "Training cost (target: sorted <= 2x the largest alone)", cost.build());
    }
    report.fact("subnetworks", rows.size());
  }
}
