package dev.flotilla.jobs.hdee;

import dev.flotilla.driver.report.Report;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** Bar chart of per-byte perplexity per domain, one series per plan, for one combiner. */
final class HdeePerplexityChart {

  private HdeePerplexityChart() {}

  static void write(String combiner, List<String> domains, Map<String, List<Double>> byPlan, Report report) {
    CategoryChart chart = new CategoryChartBuilder().width(1100).height(480)
        .title("Per-byte perplexity per domain (" + combiner + ")").xAxisTitle("domain")
        .yAxisTitle("perplexity per byte").build();
    chart.getStyler().setXAxisLabelRotation(45);
    byPlan.forEach((plan, values) -> chart.addSeries(plan, domains, values));
    report.chart("hdee-perplexity", "Per-byte perplexity per domain and plan, combiner " + combiner, chart);
  }
}
