package dev.flotilla.jobs.dfn;

import dev.flotilla.datafiltering.dfn.CurationSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** The dfn report's charts: the pair score histogram and the zero-shot accuracy per subset. */
final class DfnCharts {

  private DfnCharts() {}

  /** All scores per bin, and the bins that lie wholly above {@code threshold} highlighted. */
  static CategoryChart histogram(CurationSummary s, double threshold) {
    List<String> bins = new ArrayList<>();
    List<Long> kept = new ArrayList<>();
    int n = s.histogramBins();
    for (int i = 0; i < n; i++) {
      bins.add(String.format(Locale.ROOT, "%.2f", s.binStart(i)));
      kept.add(s.binStart(i + 1) > threshold ? s.histogram().get(i) : 0L);
    }
    CategoryChart chart = new CategoryChartBuilder().width(900).height(420)
        .title(String.format(Locale.ROOT, "Pair scores (threshold %.3f keeps %d pairs)", threshold, s.kept()))
        .xAxisTitle("cosine similarity (bin start)").yAxisTitle("pairs").build();
    chart.getStyler().setLegendVisible(true);
    chart.getStyler().setXAxisLabelRotation(90);
    chart.getStyler().setOverlapped(true);
    chart.addSeries("all pairs", bins, s.histogram());
    chart.addSeries("bins above the threshold", bins, kept);
    return chart;
  }

  static CategoryChart accuracy(List<String> subsets, List<Double> accuracy) {
    CategoryChart chart = new CategoryChartBuilder().width(700).height(400).title("Zero-shot accuracy per training subset")
        .xAxisTitle("subset").yAxisTitle("accuracy").build();
    chart.getStyler().setLegendVisible(false);
    chart.addSeries("zero-shot accuracy", subsets, accuracy);
    return chart;
  }
}
