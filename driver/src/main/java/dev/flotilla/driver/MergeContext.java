package dev.flotilla.driver;

import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.UnitRecord;
import dev.flotilla.executors.unit.UnitRecordCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
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
   * from here (the unit's own record), never from the manifest's copy. Each record is read when
   * the iteration reaches it, so a merge of 10^5 units holds one at a time; a record that cannot
   * be read ends the iteration with an {@link UncheckedIOException} (the driver reports its
   * cause as the merge's error).
   */
  public Iterable<UnitRecord> records() {
    return () -> plan.units().stream().map(u -> {
      try {
        return record(u.id());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).iterator();
  }

  /**
   * The committed record of one unit of the run. A driver that trusted its run record
   * ({@code engine.verify-committed = listing}) did not open it before: if it is damaged, the
   * error says how to have it moved aside and run again.
   */
  public UnitRecord record(String unitId) throws IOException {
    try {
      return UnitRecordCodec.read(runDir, unitId);
    } catch (IOException e) {
      throw new IOException("unit " + unitId + ": its committed record cannot be read ("
          + e.getMessage().lines().findFirst().orElse("") + "); run again with "
          + "engine.verify-committed = size to move damaged units aside and run them again", e);
    }
  }
}
