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
    RunManifest m = RunManifest.read(dir);
    Optional<RunLock.Holder> holder = RunLock.read(dir);
    boolean live = holder.isPresent() && !holder.get().isStale(Instant.now(), thisHost);
    Map<String, List<String>> damaged = new LinkedHashMap<>();
    for (UnitEntry e : m.units.values()) {
      if (e.state != UnitState.COMMITTED) {
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
