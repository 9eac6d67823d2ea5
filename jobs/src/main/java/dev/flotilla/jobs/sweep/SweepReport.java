package dev.flotilla.jobs.sweep;

import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.ensembles.sweep.SweepResult;
import dev.flotilla.ensembles.sweep.SweepTrainUnit;
import dev.flotilla.executors.backend.ModelSpec;
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
 * The sweep's report: accuracy, size and cost per grid point (from each unit's committed
 * {@link SweepResult}), accuracy against training FLOPs per model kind, and the best accuracy.
 */
public final class SweepReport {

  private SweepReport() {}

  public static void write(SweepConfig c, MergeContext run, Report report) throws IOException {
    Table.Builder t = new Table.Builder("backend", "model", "kind", "widths", "learning_rate",
        "accuracy", "params", "train_flops", "train_seconds", "examples_per_second", "steps", "unit");
    Map<String, List<double[]>> byKind = new LinkedHashMap<>();
    double best = 0;
    for (UnitRecord rec : run.records()) {
      ModelSpec m = rec.unit(SweepTrainUnit.class).model();
      SweepResult r = rec.result(SweepResult.class);
      t.row(rec.unit(SweepTrainUnit.class).backend(), rec.name(), m.kind(), widths(m),
          m.learningRate(), r.accuracy(), r.params(), r.trainFlops(), r.trainSeconds(),
          r.examplesPerSecond(), r.steps(), rec.unitId());
      byKind.computeIfAbsent(m.kind(), k -> new ArrayList<>())
          .add(new double[] {r.trainFlops(), r.accuracy()});
      best = Math.max(best, r.accuracy());
    }
    report.heading("Sweep: independent training on Fashion-MNIST");
    report.paragraph(String.format("Backend %s, %d steps of batch %d per model (%s training "
        + "examples), accuracy on %s test examples.", c.backend(), c.steps(), c.batchSize(),
        all(c.data().trainLimit()), all(c.data().testLimit())));
    report.table("sweep", "Accuracy, size and cost per grid point", t.build());
    report.chart("sweep-accuracy-vs-flops", "Test accuracy vs training FLOPs per grid point",
        chart(byKind));
    report.fact("best_accuracy", best);
  }

  /** Widths as the table has always shown them: {@code [16,32,128]}. */
  private static String widths(ModelSpec m) {
    return m.widths().stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
  }

  private static String all(int limit) {
    return limit > 0 ? Integer.toString(limit) : "all";
  }

  private static XYChart chart(Map<String, List<double[]>> byKind) {
    XYChart chart = new XYChartBuilder().width(900).height(500)
        .title("Test accuracy vs training FLOPs").xAxisTitle("training FLOPs").yAxisTitle("accuracy").build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(10);
    byKind.forEach((kind, points) -> chart.addSeries(kind,
        points.stream().map(p -> p[0]).toList(), points.stream().map(p -> p[1]).toList()));
    return chart;
  }
}
