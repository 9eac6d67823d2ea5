package dev.flotilla.driver.report;

import dev.flotilla.driver.manifest.AttemptRecord;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.manifest.UnitState;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** The engine's section of every report: the units, their attempts and their wall times. */
public final class EngineReport {

  private EngineReport() {}

  public static Table units(RunManifest m) {
    Table.Builder t = new Table.Builder("unit", "id", "state", "attempts", "task_retries",
        "resumed_from_step", "executor", "seconds", "cost_estimate").unitIds("id");
    for (UnitEntry u : m.units.values()) {
      AttemptRecord last = u.attempts.isEmpty() ? null : u.attempts.get(u.attempts.size() - 1);
      long lost = u.attempts.stream().filter(a -> "TASK_LOST".equals(a.outcome())).count();
      t.row(u.name, u.id, u.state.name(), u.unitAttempts(), lost,
          last == null ? -1 : last.resumedFromStep(), last == null ? "" : last.executorId(),
          u.seconds, u.cost);
    }
    return t.build();
  }

  /** Runs with more units than this get a summary on the page; every unit is in units.csv. */
  static final int INLINE_UP_TO = 50;
  static final int SLOWEST = 10;

  public static void addTo(Report report, RunManifest m) {
    report.heading("Run");
    long committed = m.count(UnitState.COMMITTED);
    long failed = m.count(UnitState.FAILED);
    report.paragraph(String.format("%s run in %s: %d units, %d committed, %d failed. Driver runs: %d.",
        m.jobKind, m.runDir, m.units.size(), committed, failed, m.drivers.size()));
    List<UnitEntry> done = m.units.values().stream().filter(u -> u.state == UnitState.COMMITTED).toList();
    if (m.units.size() <= INLINE_UP_TO) {
      report.table("units", "Work units", units(m));
      if (!done.isEmpty()) {
        CategoryChart c = new CategoryChartBuilder().width(900).height(420)
            .title("Wall time per committed unit").xAxisTitle("unit").yAxisTitle("seconds").build();
        c.getStyler().setXAxisLabelRotation(60);
        c.getStyler().setLegendVisible(false);
        c.addSeries("seconds", done.stream().map(u -> u.name).toList(),
            done.stream().map(u -> u.seconds).toList());
        report.chart("unit-seconds", "Wall time per committed unit", c);
      }
    } else {
      // A page of 10^4 rows (or bars) helps nobody: the failed and slowest units, all in the CSV.
      report.linkedTable("units", "Work units", units(m));
      RunManifest firstLook = new RunManifest();
      m.units.values().stream().filter(u -> u.state != UnitState.COMMITTED)
          .limit(INLINE_UP_TO).forEach(u -> firstLook.units.put(u.id, u));
      done.stream().sorted(java.util.Comparator.comparingDouble((UnitEntry u) -> -u.seconds))
          .limit(SLOWEST).forEach(u -> firstLook.units.put(u.id, u));
      report.table("units-first-look", "Units not committed and the " + SLOWEST + " slowest",
          units(firstLook));
      if (!done.isEmpty()) {
        report.chart("unit-seconds", "Wall time of the committed units", histogram(done));
      }
    }
    report.fact("units", m.units.size()).fact("committed", committed).fact("failed", failed);
  }

  /** How many committed units took how long, in 20 equal bins. */
  private static CategoryChart histogram(List<UnitEntry> done) {
    double max = done.stream().mapToDouble(u -> u.seconds).max().orElse(0);
    int bins = 20;
    double width = max > 0 ? max / bins : 1;
    double[] counts = new double[bins];
    for (UnitEntry u : done) {
      counts[Math.min(bins - 1, (int) (u.seconds / width))]++;
    }
    List<String> labels = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (int b = 0; b < bins; b++) {
      labels.add(String.format(java.util.Locale.ROOT, "%.3g", (b + 0.5) * width));
      values.add(counts[b]);
    }
    CategoryChart c = new CategoryChartBuilder().width(900).height(420)
        .title("Wall time of the " + done.size() + " committed units").xAxisTitle("seconds (bin centre)")
        .yAxisTitle("units").build();
    c.getStyler().setLegendVisible(false);
    c.getStyler().setXAxisLabelRotation(60);
    c.addSeries("units", labels, values);
    return c;
  }
}
