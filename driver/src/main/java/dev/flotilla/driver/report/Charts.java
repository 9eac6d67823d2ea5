package dev.flotilla.driver.report;

import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

/**
 * One look for every report chart: fonts readable at the page's width, the legend below the plot
 * (it covered points inside it), log axes with short tick labels, and text labels on points.
 */
public final class Charts {

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

  /**
   * A logarithmic x axis. Its ticks read {@code 30,000} below a million and {@code 2.5E9} above,
   * not rows of digits. (XChart ignores the log scale once a custom tick formatter is set, so SI
   * prefixes are not an option here.)
   */
  public static void logX(XYChart chart, double maxX) {
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setXAxisLogarithmicDecadeOnly(false); // ticks at 2x, 3x, ... of each decade too
    chart.getStyler().setXAxisDecimalPattern(maxX < 1e6 ? "#,##0" : "0.#E0");
  }

  /** Writes {@code text} beside the point (x, y), in data coordinates. */
  public static void label(XYChart chart, double x, double y, String text) {
    chart.addAnnotation(new AnnotationText(text, x, y, false));
  }
}
