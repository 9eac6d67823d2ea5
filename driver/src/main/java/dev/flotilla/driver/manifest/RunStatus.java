package dev.flotilla.driver.manifest;

import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.UnitRecord;
import dev.flotilla.executors.unit.UnitRecordCodec;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run directory as {@code flotilla status} shows it, read without changing anything: the
 * manifest, the lock holder and whether it is alive, and the committed units whose files no
 * longer match their records (the next {@code run} moves those aside and reruns them).
 *
 * @param liveDriver the driver holding the lock, if it is alive; a driver run the manifest shows
 *                   as {@code running} without one has died
 * @param damaged    unit id to its problems, for units the manifest shows committed
 */
public record RunStatus(RunManifest manifest, Optional<RunLock.Holder> liveDriver,
    Optional<RunLock.Holder> staleLock, Map<String, List<String>> damaged) {

  public static RunStatus read(RunDir dir, Reconcile.Verify verify, String thisHost)
      throws IOException {
    RunManifest m;
    try {
      m = RunManifest.read(dir);
    } catch (IOException unreadable) {
      m = fromCommittedUnits(dir, unreadable.getMessage().lines().findFirst().orElse(""));
    }
    m.runDir = dir.uri(); // where it is now, if it was moved or copied
    Optional<RunLock.Holder> holder = RunLock.read(dir);
    boolean live = holder.isPresent() && !holder.get().isStale(Instant.now(), thisHost);
    Map<String, List<String>> damaged = new LinkedHashMap<>();
    java.util.Set<String> listed = verify == Reconcile.Verify.LISTING ? Reconcile.unitDirs(dir) : null;
    for (UnitEntry e : m.units.values()) {
      if (e.state != UnitState.COMMITTED) {
        continue;
      }
      if (listed != null) {
        if (!listed.contains(e.id)) {
          damaged.put(e.id, List.of("the committed unit directory is gone"));
        }
        continue;
      }
      if (!dir.fs().exists(dir.unitRecord(e.id))) {
        damaged.put(e.id, List.of(RunDir.UNIT_RECORD + ": missing"));
        continue;
      }
      try {
        UnitRecord rec = UnitRecordCodec.read(dir, e.id);
        List<String> problems = UnitRecordCodec.verify(dir.fs(), dir.unit(e.id), rec,
            verify == Reconcile.Verify.CHECKSUM);
        if (!problems.isEmpty()) {
          damaged.put(e.id, problems);
        }
      } catch (IOException ex) {
        damaged.put(e.id, List.of(RunDir.UNIT_RECORD + ": unreadable (" + ex.getMessage() + ")"));
      }
    }
    return new RunStatus(m, live ? holder : Optional.empty(), live ? Optional.empty() : holder,
        Map.copyOf(damaged));
  }

  /**
   * What the file system says when the manifest cannot be read (truncated by a full disk, edited
   * by hand): the committed units, from their records. The next run rebuilds the manifest the
   * same way; nothing is written here.
   */
  static RunManifest fromCommittedUnits(RunDir dir, String why) throws IOException {
    RunManifest m = new RunManifest();
    m.jobKind = "unknown";
    m.notices.add("manifest.json is unreadable (" + why + "); shown from the committed units' "
        + "records; the next run rebuilds it (attempt history and driver runs are lost)");
    org.apache.hadoop.fs.Path units = new org.apache.hadoop.fs.Path(dir.root(), "units");
    if (!dir.fs().exists(units)) {
      return m;
    }
    for (org.apache.hadoop.fs.FileStatus s : dir.fs().listStatus(units)) {
      String id = s.getPath().getName();
      if (!s.isDirectory() || !dir.fs().exists(dir.unitRecord(id))) {
        continue; // not committed
      }
      UnitEntry e = new UnitEntry();
      e.id = id;
      try {
        UnitRecord rec = UnitRecordCodec.read(dir, id);
        e.kind = rec.kind();
        e.name = rec.name();
        m.jobKind = "unknown".equals(m.jobKind) ? "(manifest unreadable) " + rec.kind() : m.jobKind;
        e.commit(rec.startMillis(), rec.endMillis(), rec.metrics(), rec.facts());
      } catch (IOException bad) {
        e.state = UnitState.COMMITTED; // its record is damaged: reported as such below
      }
      m.units.put(id, e);
    }
    return m;
  }

  /** How a driver run ended, or {@code died} for one still marked running without a live lock. */
  public String outcomeOf(DriverRun d) {
    if (!"running".equals(d.outcome())) {
      return d.outcome();
    }
    boolean holds = liveDriver.isPresent() && liveDriver.get().pid() == d.pid()
        && liveDriver.get().host().equals(d.host());
    return holds ? "running" : "died (no live lock)";
  }
}
