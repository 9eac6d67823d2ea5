package dev.flotilla.jobs.burn;

import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.executors.unit.UnitRecord;
import java.io.IOException;
import java.util.List;

/**
 * The burn report: per unit its known cost, measured CPU and wall seconds, when it started after
 * the first unit and where it ran (from the committing attempt's record), and the units' span.
 */
public final class BurnReport {

  private BurnReport() {}

  public static void write(MergeContext run, Report report) throws IOException {
    List<UnitRecord> records = run.records();
    long first = records.stream().mapToLong(UnitRecord::startMillis).min().orElse(Long.MAX_VALUE);
    long last = records.stream().mapToLong(UnitRecord::endMillis).max().orElse(0);
    Table.Builder t = new Table.Builder("unit", "cost_seconds", "cpu_seconds", "wall_seconds",
        "start_offset_s", "executor");
    for (UnitRecord rec : records) {
      BurnResult r = rec.result(BurnResult.class);
      t.row(rec.name(), rec.unit(BurnUnit.class).cost(), r.cpuSeconds(), r.wallSeconds(),
          (rec.startMillis() - first) / 1000.0, rec.executorId());
    }
    report.heading("Burn units");
    report.table("burn", "CPU-bound units of known cost", t.build());
    report.fact("units_span_seconds", (last - first) / 1000.0);
  }
}
