package dev.flotilla.driver.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The range of a readable logarithmic axis: whole decades around the data, so its labels are the
 * powers of ten inside it (at least two, e.g. {@code 1E10} and {@code 1E11}) and nothing else.
 * XChart labels every 2x..9x tick of a log axis unless told "decades only" ({@code 6E10, 7E10,
 * 8E10, 9E10, 1E11} overlapped); told so, a range inside one decade gets no label at all, hence
 * the whole decades. The data may then use part of the width: labels that can be read matter more.
 *
 * @param low  lowest power of ten on the axis (its exponent)
 * @param high highest power of ten on the axis (its exponent), {@code > low}
 */
public record LogAxis(int low, int high) {

  public LogAxis {
    if (high <= low) {
      throw new IllegalArgumentException("a log axis spans at least one decade, got 1e" + low + "..1e" + high);
    }
  }

  /** The smallest whole-decade axis holding {@code [min, max]} (both > 0). */
  public static LogAxis covering(double min, double max) {
    if (!(min > 0) || !(max >= min) || Double.isInfinite(max)) {
      throw new IllegalArgumentException("a log axis needs 0 < min <= max, got " + min + ", " + max);
    }
    int low = (int) Math.floor(Math.log10(min) + 1e-12);
    int high = (int) Math.ceil(Math.log10(max) - 1e-12);
    return new LogAxis(low, Math.max(high, low + 1));
  }

  public double min() {
    return Math.pow(10, low);
  }

  public double max() {
    return Math.pow(10, high);
  }

  /** The labelled ticks: every power of ten from {@link #min} to {@link #max}. */
  public List<Double> labelledTicks() {
    List<Double> out = new ArrayList<>();
    for (int k = low; k <= high; k++) {
      out.add(Math.pow(10, k));
    }
    return out;
  }

  /**
   * The decimal pattern of the labels: {@code 1,000} while the largest is below a million,
   * {@code 1E10} above; {@code 0.01} for small values.
   */
  public String pattern() {
    if (high >= 6 || low < -3) {
      return "0E0";
    }
    return low < 0 ? "#,##0.###" : "#,##0";
  }
}
