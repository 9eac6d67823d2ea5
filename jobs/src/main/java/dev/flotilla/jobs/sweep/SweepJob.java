package dev.flotilla.jobs.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.backend.ModelCost;
import dev.flotilla.executors.backend.ModelSpec;
import dev.flotilla.executors.backend.TrainableModel;
import dev.flotilla.executors.data.FashionMnist;
import dev.flotilla.executors.rundir.AtomicFiles;
import dev.flotilla.executors.unit.WorkUnit;
import dev.flotilla.jobs.config.JobConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * The {@code sweep} job: one independently trained classifier per grid point (MLP widths x
 * learning rates, and CNNs) on Fashion-MNIST, on either backend; merged into an accuracy /
 * params / FLOPs / train-seconds table. Also the independent-training baseline for SortedNet.
 */
public record SweepJob(EngineSettings engine, Map<String, Object> config, String backend,
    String dataDir, int trainLimit, int testLimit, long steps, int batchSize,
    List<ModelSpec> models) implements JobSpec {

  public static final String KIND = "sweep";
  private static final ObjectMapper JSON = new ObjectMapper();

  public SweepJob {
    config = Map.copyOf(config);
    models = List.copyOf(models);
  }

  /** Reads {@code sweep.*} into a validated job. */
  public static JobSpec fromConfig(Config c, EngineSettings engine) {
    String backend = c.getString("sweep.backend");
    if (!Backends.names().contains(backend)) {
      throw new IllegalArgumentException("sweep.backend = " + backend + ": unknown backend; known: "
          + Backends.names());
    }
    String dataDir = c.getString("sweep.data.dir");
    int trainLimit = nonNegative(c, "sweep.data.train-limit");
    int testLimit = nonNegative(c, "sweep.data.test-limit");
    int batch = c.getInt("sweep.batch-size");
    if (batch < 1) {
      throw new IllegalArgumentException("sweep.batch-size = " + batch + ": must be >= 1");
    }
    double epochs = c.getDouble("sweep.epochs");
    if (!(epochs > 0)) {
      throw new IllegalArgumentException("sweep.epochs = " + epochs + ": must be > 0");
    }
    int available = JobConfig.trainImages(c, "sweep.data.dir");
    int n = trainLimit > 0 ? Math.min(trainLimit, available) : available;
    if (n < batch) {
      throw new IllegalArgumentException("sweep.batch-size = " + batch + " exceeds the " + n
          + " training examples (sweep.data.train-limit)");
    }
    long steps = Math.max(1, (long) Math.ceil(epochs * n / batch));
    List<ModelSpec> models = new ArrayList<>();
    addGrid(c, "mlp", ModelSpec.MLP, models);
    addGrid(c, "cnn", ModelSpec.CNN, models);
    if (models.isEmpty()) {
      throw new IllegalArgumentException("sweep.mlp.widths and sweep.cnn.widths are both empty: "
          + "nothing to train");
    }
    for (ModelSpec m : models) {
      Backends.require(backend, TrainableModel.FAMILY, m.kind()); // a kind the backend lacks fails here, at plan time
    }
    return new SweepJob(engine, JobConfig.render(c), backend, dataDir, trainLimit, testLimit,
        steps, batch, models);
  }

  private static int nonNegative(Config c, String key) {
    int v = c.getInt(key);
    if (v < 0) {
      throw new IllegalArgumentException(key + " = " + v + ": must be >= 0 (0 = all)");
    }
    return v;
  }

  private static void addGrid(Config c, String section, String kind, List<ModelSpec> out) {
    String wKey = "sweep." + section + ".widths";
    String lrKey = "sweep." + section + ".learning-rates";
    List<Double> lrs = c.getDoubleList(lrKey);
    List<? extends List<?>> widths;
    try {
      widths = c.getList(wKey).unwrapped().stream().map(o -> {
        if (!(o instanceof List<?> l)) {
          throw new IllegalArgumentException(wKey + ": each entry must be a list of widths, got " + o);
        }
        return l;
      }).toList();
    } catch (ClassCastException e) {
      throw new IllegalArgumentException(wKey + ": must be a list of lists of integers", e);
    }
    for (List<?> w : widths) {
      List<Integer> ints = new ArrayList<>();
      for (Object o : w) {
        if (!(o instanceof Number num) || num.doubleValue() != Math.rint(num.doubleValue())
            || num.intValue() < 1) {
          throw new IllegalArgumentException(wKey + ": widths must be integers >= 1, got " + w);
        }
        ints.add(num.intValue());
      }
      for (double lr : lrs) {
        if (!(lr > 0)) {
          throw new IllegalArgumentException(lrKey + ": learning rates must be > 0, got " + lr);
        }
        try {
          out.add(new ModelSpec(kind, ints, 1, 28, 28, FashionMnist.CLASS_NAMES.length, lr));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(wKey + ": " + e.getMessage(), e);
        }
      }
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Plan plan() {
    List<PlannedUnit> units = new ArrayList<>();
    for (ModelSpec m : models) {
      units.add(PlannedUnit.of(new SweepTrainUnit(backend, m, dataDir, trainLimit, testLimit, steps,
          batchSize), engine.cpusPerUnit()));
    }
    return new Plan(units);
  }

  @Override
  public Map<String, Object> describe(WorkUnit unit) {
    SweepTrainUnit u = (SweepTrainUnit) unit;
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("params", ModelCost.parameters(u.model()));
    d.put("steps", u.steps());
    d.put("train_flops", (double) ModelCost.trainFlopsPerExample(u.model()) * u.steps() * u.batchSize());
    return d;
  }

  @Override
  public void merge(MergeContext run, Report report) throws IOException {
    Table.Builder t = new Table.Builder("backend", "model", "kind", "widths", "learning_rate",
        "accuracy", "params", "train_flops", "train_seconds", "examples_per_second", "steps", "unit");
    Map<String, XYSeriesData> byKind = new LinkedHashMap<>();
    for (UnitEntry e : run.units()) {
      // Numbers come from the committed unit record, not from the manifest's copy.
      JsonNode rec = JSON.readTree(AtomicFiles.readString(run.runDir().fs(), run.runDir().unitRecord(e.id)));
      JsonNode m = rec.path("metrics");
      JsonNode spec = rec.path("spec").path("model");
      double acc = m.path("accuracy").asDouble();
      double flops = m.path("train_flops").asDouble();
      t.row(rec.path("spec").path("backend").asText(), e.name, spec.path("kind").asText(),
          spec.path("widths").toString(), spec.path("learningRate").asDouble(), acc,
          m.path("params").asLong(), flops, m.path("train_seconds").asDouble(),
          m.path("examples_per_second").asDouble(), m.path("steps").asLong(), e.id);
      byKind.computeIfAbsent(spec.path("kind").asText(), k -> new XYSeriesData()).add(flops, acc);
    }
    Table table = t.build();
    report.heading("Sweep: independent training on Fashion-MNIST");
    report.paragraph(String.format("Backend %s, %d steps of batch %d per model (%s training "
        + "examples), accuracy on %s test examples.", backend, steps, batchSize,
        trainLimit > 0 ? Integer.toString(trainLimit) : "all", testLimit > 0 ? Integer.toString(testLimit) : "all"));
    report.table("sweep", "Accuracy, size and cost per grid point", table);
    XYChart chart = new XYChartBuilder().width(900).height(500)
        .title("Test accuracy vs training FLOPs").xAxisTitle("training FLOPs").yAxisTitle("accuracy").build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(10);
    byKind.forEach((k, s) -> chart.addSeries(k, s.x, s.y));
    report.chart("sweep-accuracy-vs-flops", "Test accuracy vs training FLOPs per grid point", chart);
    double best = table.rows().stream().mapToDouble(r -> (Double) r.get(5)).max().orElse(0);
    report.fact("best_accuracy", best);
  }

  private static final class XYSeriesData {
    final List<Double> x = new ArrayList<>();
    final List<Double> y = new ArrayList<>();

    void add(double a, double b) {
      x.add(a);
      y.add(b);
    }
  }

}
