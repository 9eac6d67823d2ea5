package dev.flotilla.driver;

import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.UnitRecord;
import dev.flotilla.executors.unit.UnitRecordCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a job's merge step sees: the run directory, the manifest, and the plan being merged. A
 * run dir can hold units of earlier configs (history in the manifest); merges use only
 * {@link #units()}, the entries of this plan.
 */
public record MergeContext(RunDir runDir, RunManifest manifest, Plan plan) {

  /** Manifest entries of this plan's units, in plan order. */
  public List<UnitEntry> units() {
    return plan.units().stream().map(PlannedUnit::id).map(manifest::unit).toList();
  }

  /**
   * The committed records of this plan's units, in plan order: the numbers a report shows come
   * from here (the unit's own record), never from the manifest's copy.
   */
  public List<UnitRecord> records() throws IOException {
    List<UnitRecord> out = new ArrayList<>();
    for (PlannedUnit u : plan.units()) {
      out.add(record(u.id()));
    }
    return out;
  }

  /** The committed record of one unit of the run. */
  public UnitRecord record(String unitId) throws IOException {
    return UnitRecordCodec.read(runDir, unitId);
  }
}
