package dev.flotilla.driver.report;

import dev.flotilla.executors.unit.LearningCurve;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Learning curves from committed unit records: one chart per plan (every unit's training loss on
 * one log axis, so units compare at a glance), one per unit (its loss, and its validation metric
 * on a second axis), and the points as a table for programs.
 */
public final class CurveCharts {

  private CurveCharts() {}

  /** Training loss against step of every unit in {@code curves} (label → curve), log loss axis. */
  public static XYChart perPlan(String title, Map<String, LearningCurve> curves) {
    // One legend line per unit (a horizontal legend ran off both sides): taller with more units.
    XYChart chart = new XYChartBuilder().width(900).height(420 + 18 * curves.size()).title(title)
        .xAxisTitle("optimizer step").yAxisTitle("training loss (mean per window, log)").build();
    Charts.style(chart);
    chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Vertical);
    chart.getStyler().setXAxisMin(0.0); // ticks at round steps, not 3, 15, 27, ... from the first point
    double[] range = {Double.MAX_VALUE, 0};
    curves.forEach((label, c) -> {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (LearningCurve.Point p : c.points()) {
        if (p.trainLoss() != null && p.trainLoss() > 0) {
          x.add((double) p.step());
          y.add(p.trainLoss());
          range[0] = Math.min(range[0], p.trainLoss());
          range[1] = Math.max(range[1], p.trainLoss());
        }
      }
      if (!x.isEmpty()) {
        XYSeries s = chart.addSeries(label, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      }
    });
    if (range[1] > 0) {
      Charts.logY(chart, range[0], range[1]);
    }
    return chart;
  }

  /** One unit's training loss (left axis) and validation metric (right axis) against step. */
  public static XYChart perUnit(String label, LearningCurve c) {
    XYChart chart = new XYChartBuilder().width(640).height(320).title(label)
        .xAxisTitle("optimizer step").yAxisTitle("training loss").build();
    Charts.style(chart);
    chart.getStyler().setXAxisMin(0.0);
    List<Double> lx = new ArrayList<>();
    List<Double> ly = new ArrayList<>();
    List<Double> vx = new ArrayList<>();
    List<Double> vy = new ArrayList<>();
    for (LearningCurve.Point p : c.points()) {
      if (p.trainLoss() != null) {
        lx.add((double) p.step());
        ly.add(p.trainLoss());
      }
      if (p.valid() != null) {
        vx.add((double) p.step());
        vy.add(p.valid());
      }
    }
    if (!lx.isEmpty()) {
      chart.addSeries("training loss", lx, ly).setMarker(SeriesMarkers.NONE);
    }
    if (!vx.isEmpty()) {
      XYSeries v = chart.addSeries("validation " + c.validMetric(), vx, vy);
      v.setYAxisGroup(1);
      chart.setYAxisGroupTitle(1, "validation " + c.validMetric());
      chart.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
    }
    return chart;
  }

  /** Every point of every curve: unit, step, train_loss, valid metric (long: link it, don't inline it). */
  public static Table points(Map<String, LearningCurve> curves) {
    Table.Builder t = new Table.Builder("unit", "step", "train_loss", "valid_metric", "valid");
    curves.forEach((label, c) -> {
      for (LearningCurve.Point p : c.points()) {
        t.row(label, p.step(), p.trainLoss(), c.validMetric(), p.valid());
      }
    });
    return t.build();
  }

  /**
   * Adds a learning-curves section: the plan's chart, each unit's chart, and the points as a
   * linked table named {@code <name>-curves}. Units without a curve are left out.
   */
  public static void addTo(Report report, String name, String title, Map<String, LearningCurve> curves) {
    Map<String, LearningCurve> drawn = LearningCurve.nonEmpty(curves);
    if (drawn.isEmpty()) {
      return;
    }
    report.heading("Learning curves");
    report.chart(name + "-curves", title, perPlan(title, drawn));
    int i = 0;
    for (Map.Entry<String, LearningCurve> e : drawn.entrySet()) {
      report.chart(name + "-curve-" + (++i), "Learning curve of " + e.getKey(),
          perUnit(e.getKey(), e.getValue()));
    }
    report.linkedTable(name + "-curves", "Every point of every learning curve", points(drawn));
  }
}
