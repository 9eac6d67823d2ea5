package dev.flotilla.driver.report;

import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

/**
 * One look for every report chart: fonts readable at the page's width, the legend below the plot
 * (it covered points inside it), log axes labelled at powers of ten only, and text labels on points.
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
   * A logarithmic x axis over whole decades around {@code [minX, maxX]}, labelled only at the
   * powers of ten ({@link LogAxis}); the ticks between them stay as unlabelled marks.
   */
  public static LogAxis logX(XYChart chart, double minX, double maxX) {
    LogAxis axis = LogAxis.covering(minX, maxX);
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setXAxisLogarithmicDecadeOnly(true);
    chart.getStyler().setXAxisMin(axis.min());
    chart.getStyler().setXAxisMax(axis.max());
    chart.getStyler().setXAxisDecimalPattern(axis.pattern());
    return axis;
  }

  /** As {@link #logX}, for the y axis. */
  public static LogAxis logY(XYChart chart, double minY, double maxY) {
    LogAxis axis = LogAxis.covering(minY, maxY);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmicDecadeOnly(true);
    chart.getStyler().setYAxisMin(axis.min());
    chart.getStyler().setYAxisMax(axis.max());
    chart.getStyler().setYAxisDecimalPattern(axis.pattern());
    return axis;
  }

  /** Writes {@code text} centred on the point (x, y), in data coordinates. */
  public static void label(XYChart chart, double x, double y, String text) {
    chart.addAnnotation(new AnnotationText(text, x, y, false));
  }

  /**
   * As {@link #label}, on a chart whose x axis is {@code axis}: a label that would run past either
   * end of the axis is moved along it until it fits. Callers once widened the axis by a margin
   * instead, and a margin crossing a power of ten added a whole empty decade (data ending at 8e5
   * drawn on an axis to 1e7).
   */
  public static void label(XYChart chart, LogAxis axis, double x, double y, String text) {
    label(chart, labelCentre(chart, axis, x, text), y, text);
  }

  /** Where {@link #label(XYChart, LogAxis, double, double, String)} centres the label of x. */
  static double labelCentre(XYChart chart, LogAxis axis, double x, String text) {
    double half = labelHalfWidthDecades(chart, axis, text);
    double inside = Math.max(axis.low() + half, Math.min(axis.high() - half, Math.log10(x)));
    return Math.pow(10, inside);
  }

  /** Half a label's width in decades of {@code axis}: ~7 px per character of the 11-point font. */
  static double labelHalfWidthDecades(XYChart chart, LogAxis axis, String text) {
    double plotPixels = Math.max(100, chart.getWidth() - 120); // less the y axis and its title
    double halfPixels = 3.5 * text.length() + 4;
    return Math.min(0.5 * (axis.high() - axis.low()), halfPixels * (axis.high() - axis.low()) / plotPixels);
  }

  /**
   * Point labels that skip a label too close to one already placed (within {@code dxDecades} of
   * log10 x and {@code dy} of y): dense fronts and baselines otherwise printed over each other.
   */
  public static final class SparseLabels {
    private final XYChart chart;
    private final LogAxis axis;
    private final double dxDecades;
    private final double dy;
    private final java.util.List<double[]> placed = new java.util.ArrayList<>();

    /** Labels on {@code chart}, whose x axis is {@code axis} (labels are kept inside it). */
    public SparseLabels(XYChart chart, LogAxis axis, double dxDecades, double dy) {
      this.chart = chart;
      this.axis = axis;
      this.dxDecades = dxDecades;
      this.dy = dy;
    }

    /** Labels (x, y) unless an earlier label is that close; returns whether it was drawn. */
    public boolean place(double x, double y, String text) {
      double lx = Math.log10(Math.max(x, Double.MIN_VALUE));
      for (double[] p : placed) {
        if (Math.abs(p[0] - lx) < dxDecades && Math.abs(p[1] - y) < dy) {
          return false;
        }
      }
      placed.add(new double[] {lx, y});
      label(chart, axis, x, y, text);
      return true;
    }
  }
}
