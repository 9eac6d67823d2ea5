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

  public static void addTo(Report report, RunManifest m) {
    report.heading("Run");
    long committed = m.count(UnitState.COMMITTED);
    long failed = m.count(UnitState.FAILED);
    report.paragraph(String.format("%s run in %s: %d units, %d committed, %d failed. Driver runs: %d.",
        m.jobKind, m.runDir, m.units.size(), committed, failed, m.drivers.size()));
    report.table("units", "Work units", units(m));
    List<String> names = new ArrayList<>();
    List<Double> secs = new ArrayList<>();
    for (UnitEntry u : m.units.values()) {
      if (u.state == UnitState.COMMITTED) {
        names.add(u.name);
        secs.add(u.seconds);
      }
    }
    if (!names.isEmpty()) {
      CategoryChart c = new CategoryChartBuilder().width(900).height(420)
          .title("Wall time per committed unit").xAxisTitle("unit").yAxisTitle("seconds").build();
      c.getStyler().setXAxisLabelRotation(60);
      c.getStyler().setLegendVisible(false);
      c.addSeries("seconds", names, secs);
      report.chart("unit-seconds", "Wall time per committed unit", c);
    }
    report.fact("units", m.units.size()).fact("committed", committed).fact("failed", failed);
  }
}
