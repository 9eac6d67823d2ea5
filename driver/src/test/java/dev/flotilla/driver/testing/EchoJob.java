package dev.flotilla.driver.testing;

import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.driver.report.Report;
import dev.flotilla.executors.unit.UnitRecord;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** A job of echo units; its merge sums the committed records' {@code chars}. */
public record EchoJob(EngineSettings engine, List<DriverTestUnits.Echo> units) implements JobSpec {

  @Override public String kind() { return "echo"; }
  @Override public Map<String, Object> config() { return Map.of("units", units.size()); }

  @Override
  public Plan plan() {
    return new Plan(units.stream().map(u -> PlannedUnit.of(u, 1)).toList());
  }

  @Override
  public void merge(MergeContext run, Report report) throws IOException {
    double chars = 0;
    for (UnitRecord r : run.records()) {
      chars += r.metrics().get("chars");
    }
    report.fact("chars", chars);
  }
}
