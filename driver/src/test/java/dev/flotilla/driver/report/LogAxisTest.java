package dev.flotilla.driver.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.AxesChartStyler;

/**
 * Log axes label only the powers of ten of whole decades around the data: the labels XChart
 * itself computes for the axis {@link Charts#logX} configures (read from its tick calculator).
 */
class LogAxisTest {

  @ParameterizedTest(name = "{0}..{1}: {2}")
  @CsvSource(delimiter = ';', value = {
      "6e10; 1e11; 1E10 1E11",                    // the range whose 6E10 .. 1E11 labels overlapped
      "6e10; 1.6e11; 1E10 1E11 1E12",
      "3e4; 2.5e9; 1E4 1E5 1E6 1E7 1E8 1E9 1E10",
      "2e3; 5e4; 1,000 10,000 100,000",
      "1e10; 1e10; 1E10 1E11",                    // one value on a power of ten
      "0.3; 2.3; 0.1 1 10"})                      // training losses
  void labelsArePowersOfTenOnly(double min, double max, String expected) throws Exception {
    XYChart chart = new XYChartBuilder().width(900).height(480).build();
    chart.getStyler().setLocale(Locale.ROOT);
    chart.addSeries("s", new double[] {min, max}, new double[] {1, 2});
    LogAxis axis = Charts.logX(chart, min, max);
    List<String> labels = xchartLabels(chart.getStyler(), axis.min(), axis.max());
    assertThat(labels).containsExactly(expected.split(" "));
    assertThat(axis.labelledTicks()).hasSize(labels.size());
  }

  /** What the axis did before: every 2x..9x tick labelled, five labels in 0.2 decades. */
  @Test
  void withoutDecadesOnlyXChartLabelsEveryTick() throws Exception {
    XYChart chart = new XYChartBuilder().width(900).height(480).build();
    chart.getStyler().setLocale(Locale.ROOT);
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setXAxisLogarithmicDecadeOnly(false);
    chart.getStyler().setXAxisDecimalPattern("0.#E0");
    assertThat(xchartLabels(chart.getStyler(), 6e10, 1e11)).containsExactly("6E10", "7E10", "8E10", "9E10", "1E11");
  }

  @Test
  void anAxisSpansAtLeastOneDecadeOfPositiveValues() {
    assertThat(LogAxis.covering(2e10, 8e10)).isEqualTo(new LogAxis(10, 11));
    assertThatThrownBy(() -> LogAxis.covering(0, 5)).hasMessageContaining("0 < min <= max, got 0.0, 5.0");
    assertThatThrownBy(() -> new LogAxis(3, 3)).hasMessageContaining("at least one decade");
  }

  /** The non-empty tick labels of XChart's own log-axis calculator for an 800-pixel x axis. */
  private static List<String> xchartLabels(AxesChartStyler styler, double min, double max) throws Exception {
    Class<?> direction = Class.forName("org.knowm.xchart.internal.chartpart.Axis$Direction");
    Class<?> calculator = Class.forName("org.knowm.xchart.internal.chartpart.AxisTickCalculator_Logarithmic");
    Constructor<?> make = calculator.getConstructor(direction, double.class, double.class, double.class,
        AxesChartStyler.class);
    make.setAccessible(true);
    @SuppressWarnings({"unchecked", "rawtypes"})
    Object x = Enum.valueOf((Class) direction, "X");
    Object ticks = make.newInstance(x, 800.0, min, max, styler);
    var getLabels = calculator.getMethod("getTickLabels");
    getLabels.setAccessible(true);
    @SuppressWarnings("unchecked")
    List<String> labels = (List<String>) getLabels.invoke(ticks);
    return labels.stream().filter(Objects::nonNull).toList();
  }
}
