package dev.flotilla.jobs.sweep;

import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.report.Charts;
import dev.flotilla.driver.report.CurveCharts;
import dev.flotilla.driver.report.LogAxis;
import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.ensembles.sweep.SweepResult;
import dev.flotilla.ensembles.sweep.SweepTrainUnit;
import dev.flotilla.executors.backend.ModelSpec;
import dev.flotilla.executors.unit.LearningCurve;
import dev.flotilla.executors.unit.UnitRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * The sweep's report: validation and test accuracy, size and cost per grid point (from each
 * unit's committed {@link SweepResult}), accuracy against training FLOPs per model kind, and the
 * model chosen on validation accuracy with its test accuracy beside it.
 */
public final class SweepReport {

  private SweepReport() {}

  public static void write(SweepConfig c, MergeContext run, Report report) throws IOException {
    Table.Builder t = new Table.Builder("backend", "model", "kind", "widths", "learning_rate",
        "valid_accuracy", "test_accuracy", "params", "train_flops", "train_seconds",
        "examples_per_second", "steps", "unit").unitIds("unit");
    Map<String, List<double[]>> byKind = new LinkedHashMap<>();
    Map<String, LearningCurve> curves = new LinkedHashMap<>();
    List<Object[]> labels = new ArrayList<>();
    UnitRecord best = null;
    double maxTest = 0;
    for (UnitRecord rec : run.records()) {
      ModelSpec m = rec.unit(SweepTrainUnit.class).model();
      SweepResult r = rec.result(SweepResult.class);
      t.row(rec.unit(SweepTrainUnit.class).backend(), rec.name(), m.kind(), widths(m),
          m.learningRate(), r.validAccuracy(), r.accuracy(), r.params(), r.trainFlops(),
          r.trainSeconds(), r.examplesPerSecond(), r.steps(), rec.unitId());
      if (r.validAccuracy() != null) {
        byKind.computeIfAbsent(m.kind(), k -> new ArrayList<>())
            .add(new double[] {r.trainFlops(), r.validAccuracy()});
        labels.add(new Object[] {r.trainFlops(), r.validAccuracy(), m.label()});
        if (best == null || r.validAccuracy() > best.result(SweepResult.class).validAccuracy()) {
          best = rec;
        }
      }
      maxTest = Math.max(maxTest, r.accuracy());
      curves.put(rec.name(), rec.curve());
    }
    report.heading("Sweep: independent training on Fashion-MNIST");
    report.paragraph(String.format("Backend %s, %d steps of batch %d per model (%d training "
        + "examples), accuracy on %d validation examples held out of training (what the choice "
        + "reads) and on %s test examples (reported beside it).", c.backend(), c.steps(),
        c.batchSize(), c.data().trainExamples(), c.data().validSize(), all(c.data().testLimit())));
    if (best != null) {
      SweepResult r = best.result(SweepResult.class);
      report.paragraph(String.format(java.util.Locale.ROOT, "Chosen on validation accuracy: %s, "
          + "valid %.4f, test %.4f.", best.name(), r.validAccuracy(), r.accuracy()));
      report.headline(String.format(java.util.Locale.ROOT, "Best of %d models on validation: %s, "
          + "valid %.4f / test %.4f (%s, %d steps of batch %d).", run.plan().units().size(), best.name(),
          r.validAccuracy(), r.accuracy(), c.backend(), c.steps(), c.batchSize()));
      report.fact("best_model", best.name()).fact("best_unit", best.unitId())
          .fact("best_valid_accuracy", r.validAccuracy()).fact("best_test_accuracy", r.accuracy());
    } else {
      report.paragraph("No validation split (sweep.data.valid-fraction = 0): no model is chosen.");
      report.headline(String.format(java.util.Locale.ROOT, "%d models trained; no validation split, "
          + "so none is chosen (highest test accuracy %.4f).", run.plan().units().size(), maxTest));
    }
    report.table("sweep", "Accuracy, size and cost per grid point", t.build());
    if (!byKind.isEmpty()) {
      report.chart("sweep-accuracy-vs-flops", "Validation accuracy vs training FLOPs per grid point",
          chart(byKind, labels));
    }
    report.fact("max_test_accuracy", maxTest);
    CurveCharts.addTo(report, "sweep", "Training loss of every grid point", curves);
  }

  /** Widths as the table has always shown them: {@code [16,32,128]}. */
  private static String widths(ModelSpec m) {
    return m.widths().stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
  }

  private static String all(int limit) {
    return limit > 0 ? Integer.toString(limit) : "all";
  }

  /** {@code labels}: (x, y, text) of every point. */
  private static XYChart chart(Map<String, List<double[]>> byKind, List<Object[]> labels) {
    XYChart chart = new XYChartBuilder().width(900).height(500)
        .title("Validation accuracy vs training FLOPs").xAxisTitle("training FLOPs (log)")
        .yAxisTitle("validation accuracy").build();
    Charts.style(chart);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(10);
    // Room above the highest point for its label (cut off before); labels near either end of the
    // x axis are moved inside it.
    double maxY = labels.stream().mapToDouble(l -> (Double) l[1]).max().orElse(1);
    double maxX = labels.stream().mapToDouble(l -> (Double) l[0]).max().orElse(1);
    chart.getStyler().setYAxisMax(maxY + 0.01);
    LogAxis axis = Charts.logX(chart, labels.stream().mapToDouble(l -> (Double) l[0]).min().orElse(1), maxX);
    for (Object[] l : labels) {
      Charts.label(chart, axis, (Double) l[0], (Double) l[1] + 0.004, (String) l[2]);
    }
    byKind.forEach((kind, points) -> chart.addSeries(kind,
        points.stream().map(p -> p[0]).toList(), points.stream().map(p -> p[1]).toList()));
    return chart;
  }
}
