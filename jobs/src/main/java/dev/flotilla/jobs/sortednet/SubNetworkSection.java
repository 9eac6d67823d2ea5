package dev.flotilla.jobs.sortednet;

import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.ensembles.sortednet.SortedCost;
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

  private SubNetworkSection() {}

  static void write(SortedNetConfig c, SubNetworkTable table, Report report) {
    report.heading("SortedNet: " + table.rows().size() + " sub-networks of " + c.spec().label());
    report.paragraph(String.format("%d sorted training(s), each %d steps of batch %d on %d "
        + "training images; sub-networks evaluated on %d validation images held out of training "
        + "(the Pareto front and the choices use these) and on %s Fashion-MNIST test images "
        + "(reported beside them, never used to choose); latency is the exported standalone "
        + "network's, batch 1, median. No BatchNorm in these models, so there is nothing to recalibrate.",
        c.trainings().size(), c.options().steps(), c.options().batchSize(),
        c.data().trainExamples(), c.data().validSize(),
        c.data().testLimit() > 0 ? Integer.toString(c.data().testLimit()) : "all 10,000"));
    report.table(SortedNetReport.TABLE, "Every sub-network: size, cost, accuracy, latency", rows(table));
    report.table("selection", "Best sub-network under FLOPs budgets (selection without search)",
        selection(c, table));
    report.chart("subnetworks-accuracy-vs-flops",
        "Accuracy vs FLOPs of every sub-network, with the Pareto front", chart(table));
  }

  private static Table rows(SubNetworkTable table) {
    Table.Builder t = new Table.Builder("training", "subnetwork", "width_fraction", "depth", "units",
        "params", "flops", "valid_accuracy", "test_accuracy", "latency_ms", "pareto",
        "export_max_abs_diff", "train_unit");
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

  private static XYChart chart(SubNetworkTable table) {
    XYChart chart = new XYChartBuilder().width(900).height(520).title("Accuracy vs FLOPs per sub-network")
        .xAxisTitle("forward FLOPs per example").yAxisTitle("validation accuracy").build();
    chart.getStyler().setXAxisLogarithmic(true);
    table.byTraining().forEach((training, points) ->
        series(chart, training, points).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter));
    table.paretoFronts().forEach((training, front) -> series(chart, training + " Pareto front", front)
        .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line));
    return chart;
  }

  private static XYSeries series(XYChart chart, String name, List<SubNetworkResult> rows) {
    return chart.addSeries(name, rows.stream().map(r -> (double) r.flops()).toList(),
        rows.stream().map(SubNetworkResult::selectionAccuracy).toList());
  }
}
