package dev.flotilla.jobs.sortednet;

import dev.flotilla.driver.report.Charts;
import dev.flotilla.driver.report.LogAxis;
import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.ensembles.sortednet.IndependentResult;
import dev.flotilla.ensembles.sortednet.IndependentTrainUnit;
import dev.flotilla.ensembles.sortednet.SortedCost;
import dev.flotilla.ensembles.sortednet.SubNetwork;
import dev.flotilla.executors.unit.UnitRecord;
import java.util.ArrayList;
import org.knowm.xchart.style.markers.SeriesMarkers;
import dev.flotilla.ensembles.sortednet.SubNetworkResult;
import dev.flotilla.ensembles.sortednet.SubNetworkTable;
import dev.flotilla.ensembles.sortednet.SubNetworkTable.BudgetChoice;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * Renders every evaluated sub-network (size, cost, accuracy, latency, Pareto membership), the
 * choice without search at a few FLOPs budgets, and accuracy against FLOPs with each training's
 * Pareto front.
 */
final class SubNetworkSection {

  /** Budgets of the selection table, as fractions of the full network's forward FLOPs. */
  private static final double[] BUDGETS = {0.1, 0.25, 0.5, 1.0};
  /** Longer sub-network tables are linked from the page, not shown in it. */
  static final int INLINE_ROWS = 40;

  private SubNetworkSection() {}

  /** {@code alone}: the baselines trained alone, drawn beside the sub-networks they match. */
  static void write(SortedNetConfig c, SubNetworkTable table, List<UnitRecord> alone, Report report) {
    report.heading("SortedNet: " + table.rows().size() + " sub-networks of " + c.spec().label());
    report.paragraph(String.format("%d sorted training(s), each %d steps of batch %d on %d "
        + "training images; sub-networks evaluated on %d validation images held out of training "
        + "(the Pareto front and the choices use these) and on %s Fashion-MNIST test images "
        + "(reported beside them, never used to choose); latency is the exported standalone "
        + "network's, batch 1, median. No BatchNorm in these models, so there is nothing to recalibrate.",
        c.trainings().size(), c.options().steps(), c.options().batchSize(),
        c.data().trainExamples(), c.data().validSize(),
        c.data().testLimit() > 0 ? Integer.toString(c.data().testLimit()) : "all 10,000"));
    if (table.rows().size() > INLINE_ROWS) { // 192 rows buried the charts: linked, not inlined
      report.linkedTable(SortedNetReport.TABLE, "Every sub-network: size, cost, accuracy, latency", rows(table));
    } else {
      report.table(SortedNetReport.TABLE, "Every sub-network: size, cost, accuracy, latency", rows(table));
    }
    report.table("selection", "Best sub-network under FLOPs budgets (selection without search)",
        selection(c, table));
    report.chart("subnetworks-accuracy-vs-flops",
        "Validation accuracy vs forward FLOPs of every sub-network, each training's Pareto front "
            + "(labelled), and the same architectures trained alone", chart(c, table, alone));
  }

  private static Table rows(SubNetworkTable table) {
    Table.Builder t = new Table.Builder("training", "subnetwork", "width_fraction", "depth", "units",
        "params", "flops", "valid_accuracy", "test_accuracy", "latency_ms", "pareto",
        "export_max_abs_diff", "train_unit").unitIds("train_unit");
    for (SubNetworkResult r : table.rows()) {
      t.row(r.training(), r.subnetwork(), r.widthFraction(), r.depth(), r.units(), r.params(),
          r.flops(), r.validAccuracy(), r.testAccuracy(), r.latencyMs(), table.onParetoFront(r),
          r.exportMaxAbsDiff(), r.trainUnit());
    }
    return t.build();
  }

  private static Table selection(SortedNetConfig c, SubNetworkTable table) {
    double fullFlops = SortedCost.forwardFlops(c.spec(), c.spec().largest());
    List<String> trainings = c.trainings().stream().map(SortedNetConfig.Training::label).toList();
    Table.Builder t = new Table.Builder("training", "max_flops", "budget_of_full", "subnetwork",
        "valid_accuracy", "test_accuracy", "flops", "params", "latency_ms");
    for (BudgetChoice b : table.choicesAtBudgets(trainings, fullFlops, BUDGETS)) {
      SubNetworkResult r = b.choice();
      t.row(b.training(), Math.round(b.maxFlops()), b.fraction(), r.subnetwork(), r.validAccuracy(),
          r.testAccuracy(), r.flops(), r.params(), r.latencyMs());
    }
    return t.build();
  }

  private static XYChart chart(SortedNetConfig c, SubNetworkTable table, List<UnitRecord> alone) {
    XYChart chart = new XYChartBuilder().width(1000).height(620)
        .title("Validation accuracy vs forward FLOPs per sub-network")
        .xAxisTitle("forward FLOPs per example (log)").yAxisTitle("validation accuracy").build();
    Charts.style(chart);
    LogAxis axis = Charts.logX(chart, table.rows().stream().mapToDouble(SubNetworkResult::flops).min().orElse(1),
        table.rows().stream().mapToDouble(SubNetworkResult::flops).max().orElse(1));
    chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Vertical);
    double[] accuracyRange = {table.rows().stream().mapToDouble(SubNetworkResult::selectionAccuracy).min().orElse(0),
        table.rows().stream().mapToDouble(SubNetworkResult::selectionAccuracy).max().orElse(1)};
    // A label is ~0.3 decades wide at this size: closer ones would print over each other.
    Charts.SparseLabels labels = new Charts.SparseLabels(chart, axis, 0.3, (accuracyRange[1] - accuracyRange[0]) / 25);
    table.byTraining().forEach((training, points) ->
        series(chart, training, points).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter));
    table.paretoFronts().forEach((training, front) -> {
      series(chart, training + " Pareto front", front)
          .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      for (SubNetworkResult r : front) {
        labels.place(r.flops(), r.selectionAccuracy() + 0.006, r.subnetwork());
      }
    });
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (UnitRecord rec : alone) {
      Double valid = rec.result(IndependentResult.class).validAccuracy();
      SubNetwork s = rec.unit(IndependentTrainUnit.class).subnetwork();
      if (valid != null && s != null) {
        x.add((double) SortedCost.forwardFlops(c.spec(), s));
        y.add(valid);
        labels.place(x.get(x.size() - 1), valid - 0.012, s.label() + " alone");
      }
    }
    if (!x.isEmpty()) {
      XYSeries baseline = chart.addSeries("trained alone (independent baseline)", x, y);
      baseline.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      baseline.setMarker(SeriesMarkers.DIAMOND);
    }
    return chart;
  }

  private static XYSeries series(XYChart chart, String name, List<SubNetworkResult> rows) {
    return chart.addSeries(name, rows.stream().map(r -> (double) r.flops()).toList(),
        rows.stream().map(SubNetworkResult::selectionAccuracy).toList());
  }
}
