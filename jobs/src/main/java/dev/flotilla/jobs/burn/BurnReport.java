package dev.flotilla.jobs.burn;

import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.executors.unit.UnitRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The burn report: per unit its known cost, measured CPU and wall seconds, when it started after
 * the first unit and where it ran (from the committing attempt's record), and the units' span.
 */
public final class BurnReport {

  private BurnReport() {}

  /** What the table shows of one unit; the whole record is not kept (10^5 of them in a scale run). */
  private record Row(String name, double cost, double cpuSeconds, double wallSeconds, long startMillis,
      long endMillis, String executorId) {}

  public static void write(MergeContext run, Report report) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (UnitRecord rec : run.records()) {
      BurnResult r = rec.result(BurnResult.class);
      rows.add(new Row(rec.name(), rec.unit(BurnUnit.class).cost(), r.cpuSeconds(), r.wallSeconds(),
          rec.startMillis(), rec.endMillis(), rec.executorId()));
    }
    long first = rows.stream().mapToLong(Row::startMillis).min().orElse(Long.MAX_VALUE);
    long last = rows.stream().mapToLong(Row::endMillis).max().orElse(0);
    Table.Builder t = new Table.Builder("unit", "cost_seconds", "cpu_seconds", "wall_seconds",
        "start_offset_s", "executor");
    for (Row r : rows) {
      t.row(r.name(), r.cost(), r.cpuSeconds(), r.wallSeconds(), (r.startMillis() - first) / 1000.0, r.executorId());
    }
    report.heading("Burn units");
    report.table("burn", "CPU-bound units of known cost", t.build());
    report.fact("units_span_seconds", (last - first) / 1000.0);
  }
}
