package dev.flotilla.driver.report;

import java.awt.Color;
import java.awt.Font;
import java.util.Locale;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

/**
 * One look for every report chart: fonts readable at the page's width, the legend below the plot
 * (it covered points inside it), log axes with ticks as 10k / 1M / 1G instead of long digit rows,
 * and text labels on points.
 */
public final class Charts {

  private static final String[] PREFIXES = {"", "k", "M", "G", "T", "P", "E"};

  private Charts() {}

  public static void style(XYChart chart) {
    XYStyler s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    s.setLegendLayout(Styler.LegendLayout.Horizontal);
    s.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    s.setAnnotationTextFontColor(Color.DARK_GRAY);
  }

  /** A logarithmic x axis with ticks at every decade, written with SI prefixes. */
  public static void logX(XYChart chart) {
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setXAxisLogarithmicDecadeOnly(true);
    chart.getStyler().setxAxisTickLabelsFormattingFunction(Charts::si);
  }

  /** {@code 25400 -> "25.4k"}, {@code 3e9 -> "3G"}: three significant digits and an SI prefix. */
  public static String si(Double v) {
    if (v == null || v == 0 || !Double.isFinite(v)) {
      return v == null ? "" : Table.cell(v);
    }
    int k = 0;
    double x = Math.abs(v);
    while (x >= 1000 && k < PREFIXES.length - 1) {
      x /= 1000;
      k++;
    }
    String digits = String.format(Locale.ROOT, "%.3g", x).replaceAll("\\.?0+$", "");
    if (digits.contains("e")) {
      digits = String.format(Locale.ROOT, "%.0f", x);
    }
    return (v < 0 ? "-" : "") + digits + PREFIXES[k];
  }

  /** Writes {@code text} beside the point (x, y), in data coordinates. */
  public static void label(XYChart chart, double x, double y, String text) {
    chart.addAnnotation(new AnnotationText(text, x, y, false));
  }
}
