package dev.flotilla.jobs.hdee;

import dev.flotilla.driver.report.Report;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * Bar chart of per-byte perplexity per domain, one series per plan, for one combiner. Domains no
 * expert trained on are marked in their axis label: there every plan is extrapolating.
 */
final class HdeePerplexityChart {

  /** What marks an evaluation-only domain on the chart's axis. */
  static final String EVAL_ONLY = " [eval-only]";

  private HdeePerplexityChart() {}

  static void write(String combiner, List<String> domains, Set<String> evalOnly, Map<String, List<Double>> byPlan,
      Report report) {
    report.chart("hdee-perplexity", "Per-byte perplexity per domain and plan, combiner " + combiner
        + "; domains marked" + EVAL_ONLY + " were never trained on", chart(combiner, domains, evalOnly, byPlan));
  }

  static CategoryChart chart(String combiner, List<String> domains, Set<String> evalOnly,
      Map<String, List<Double>> byPlan) {
    CategoryChart chart = new CategoryChartBuilder().width(1100).height(480)
        .title("Per-byte perplexity per domain (" + combiner + ")").xAxisTitle("domain")
        .yAxisTitle("perplexity per byte").build();
    chart.getStyler().setXAxisLabelRotation(45);
    List<String> labels = domains.stream().map(d -> evalOnly.contains(d) ? d + EVAL_ONLY : d).toList();
    byPlan.forEach((plan, values) -> chart.addSeries(plan, labels, values));
    return chart;
  }
}
