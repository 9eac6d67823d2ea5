package dev.flotilla.driver.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** Point labels too close to an earlier one are skipped; the rest are drawn. */
class SparseLabelsReportTest {

  @Test
  void skipsOnlyLabelsCloseInLogXAndY() {
    XYChart chart = new XYChartBuilder().width(400).height(300).build();
    Charts.SparseLabels labels = new Charts.SparseLabels(chart, 0.1, 0.01);
    assertThat(labels.place(1e5, 0.80, "a")).isTrue();
    assertThat(labels.place(1.1e5, 0.805, "b")).as("0.04 decades and 0.005 away").isFalse();
    assertThat(labels.place(1.1e5, 0.83, "c")).as("same x, far in y").isTrue();
    assertThat(labels.place(2e5, 0.80, "d")).as("0.3 decades away").isTrue();
    assertThat(labels.place(2.05e5, 0.801, "e")).as("close to d, not to a").isFalse();
  }
}
