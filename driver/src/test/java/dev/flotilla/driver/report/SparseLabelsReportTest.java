package dev.flotilla.driver.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Point labels too close to an earlier one are skipped, the rest are drawn, and a label near an end
 * of the log x axis is moved inside it (no margin that widens the axis).
 */
class SparseLabelsReportTest {

  @Test
  void skipsOnlyLabelsCloseInLogXAndY() {
    XYChart chart = new XYChartBuilder().width(400).height(300).build();
    Charts.SparseLabels labels = new Charts.SparseLabels(chart, new LogAxis(4, 6), 0.1, 0.01);
    assertThat(labels.place(1e5, 0.80, "a")).isTrue();
    assertThat(labels.place(1.1e5, 0.805, "b")).as("0.04 decades and 0.005 away").isFalse();
    assertThat(labels.place(1.1e5, 0.83, "c")).as("same x, far in y").isTrue();
    assertThat(labels.place(2e5, 0.80, "d")).as("0.3 decades away").isTrue();
    assertThat(labels.place(2.05e5, 0.801, "e")).as("close to d, not to a").isFalse();
  }

  @Test
  void labelsNearTheEndsOfTheAxisAreMovedInside() {
    XYChart chart = new XYChartBuilder().width(1000).height(620).build();
    // The Pareto chart of a SortedNet whose largest sub-network does 8e5 FLOPs: axis 1e3..1e6.
    LogAxis axis = Charts.logX(chart, 3e3, 8e5);
    assertThat(axis).isEqualTo(new LogAxis(3, 6));
    String label = "w1.0000-d4";
    double half = Charts.labelHalfWidthDecades(chart, axis, label);
    assertThat(half).isBetween(0.05, 0.2);
    double right = Charts.labelCentre(chart, axis, 8e5, label);
    assertThat(Math.log10(right) + half).as("right edge of the label").isLessThanOrEqualTo(6 + 1e-9);
    assertThat(right).isLessThan(8e5);
    double left = Charts.labelCentre(chart, axis, 1e3, label);
    assertThat(Math.log10(left) - half).as("left edge of the label").isGreaterThanOrEqualTo(3 - 1e-9);
    assertThat(Charts.labelCentre(chart, axis, 3e4, label)).as("inside: unmoved").isCloseTo(3e4, within(1e-6));
  }
}
