package dev.flotilla.jobs.burn;

import com.typesafe.config.Config;
import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.manifest.AttemptRecord;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.jobs.config.JobConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code burn} job: CPU-bound units of known cost, to measure the engine itself. */
public record BurnJob(EngineSettings engine, Map<String, Object> config, List<Double> seconds)
    implements JobSpec {

  public static final String KIND = "burn";

  public BurnJob {
    config = Map.copyOf(config);
    seconds = List.copyOf(seconds);
  }

  /** Reads {@code burn.*} into a validated job. */
  public static JobSpec fromConfig(Config c, EngineSettings engine) {
    List<Double> s = c.getDoubleList("burn.seconds");
    if (s.isEmpty()) {
      throw new IllegalArgumentException("burn.seconds is empty: nothing to run");
    }
    for (double v : s) {
      if (!(v >= 0)) {
        throw new IllegalArgumentException("burn.seconds: every entry must be >= 0, got " + v);
      }
    }
    return new BurnJob(engine, JobConfig.render(c), s);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Plan plan() {
    List<PlannedUnit> units = new ArrayList<>();
    for (int i = 0; i < seconds.size(); i++) {
      units.add(PlannedUnit.of(new BurnUnit(i, seconds.get(i)), engine.cpusPerUnit()));
    }
    return new Plan(units);
  }

  @Override
  public void merge(MergeContext run, Report report) {
    long first = Long.MAX_VALUE;
    long last = 0;
    for (UnitEntry e : run.units()) {
      AttemptRecord a = e.attempts.get(e.attempts.size() - 1);
      first = Math.min(first, a.startMillis());
      last = Math.max(last, a.endMillis());
    }
    Table.Builder t = new Table.Builder("unit", "cost_seconds", "cpu_seconds", "wall_seconds",
        "start_offset_s", "executor");
    for (UnitEntry e : run.units()) {
      AttemptRecord a = e.attempts.get(e.attempts.size() - 1);
      t.row(e.name, e.cost, e.metrics.get("cpu_seconds"), e.metrics.get("wall_seconds"),
          (a.startMillis() - first) / 1000.0, a.executorId());
    }
    report.heading("Burn units");
    report.table("burn", "CPU-bound units of known cost", t.build());
    report.fact("units_span_seconds", (last - first) / 1000.0);
  }
}
