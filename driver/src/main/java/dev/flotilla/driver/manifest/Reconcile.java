package dev.flotilla.driver.manifest;

import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.UnitRecord;
import dev.flotilla.executors.unit.UnitRecordCodec;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the manifest in line with the run directory before a driver schedules anything. The
 * file system is the truth: a unit is committed when its directory holds a readable
 * {@code _UNIT.json} and every output file it lists, with the recorded size (and checksum, when
 * asked). A committed unit that fails this is damaged: its directory is moved to
 * {@code _damaged/<id>-<time>/}, the damage is recorded in the manifest, and the unit runs again.
 * Called only while holding the run dir's lock, so no attempt of this run is in flight.
 */
public final class Reconcile {

  private static final Logger LOG = LoggerFactory.getLogger(Reconcile.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** How much of a committed unit's outputs a driver checks when it starts. */
  public enum Verify {
    /**
     * Trust the run record: one listing of {@code units/} (one request per page of names on an
     * object store), and no file of a unit the record knows as committed is opened. A unit whose
     * directory is gone runs again; a unit committed without the record knowing (its driver died
     * first) is checked in full. Damage inside a unit directory goes unnoticed until a run with
     * {@link #SIZE} or {@link #CHECKSUM}.
     */
    LISTING,
    /** Presence and size of every recorded file: cheap, catches deleted and truncated files. */
    SIZE,
    /** Also the SHA-256 of every file: reads every byte of the run's outputs. */
    CHECKSUM
  }

  /** What reconcile found: commits the manifest did not know, and damaged units. */
  public record Outcome(List<String> recovered, List<String> damaged) {
    public Outcome {
      recovered = List.copyOf(recovered);
      damaged = List.copyOf(damaged);
    }
  }

  private Reconcile() {}

  /**
   * Checks the plan's units against the run directory. With {@link Verify#LISTING} the file
   * system is asked for one listing of {@code units/} plus the full check of the units the record
   * does not know as committed; otherwise every unit is checked one by one.
   */
  public static Outcome apply(RunDir dir, RunManifest m, Plan plan, Verify verify)
      throws IOException {
    List<String> recovered = new ArrayList<>();
    List<String> damaged = new ArrayList<>();
    Set<String> listed = verify == Verify.LISTING ? unitDirs(dir) : null;
    for (PlannedUnit u : plan.units()) {
      UnitEntry e = m.unit(u.id());
      boolean present = listed != null ? listed.contains(u.id()) : dir.fs().exists(dir.unit(u.id()));
      if (!present) {
        if (e.state == UnitState.COMMITTED) {
          e.damaged(new DamageRecord(System.currentTimeMillis(), null,
              List.of("the committed unit directory is gone")));
          damaged.add(u.id());
        }
        e.state = UnitState.PENDING;
      } else if (listed == null || e.state != UnitState.COMMITTED) {
        // Units the record does not know as committed are checked in full, whatever the mode.
        check(dir, m, u, e, listed == null ? verify : Verify.CHECKSUM, recovered, damaged);
      }
    }
    return new Outcome(recovered, damaged);
  }

  /** The names under {@code units/}: one listing, paged by the file system as it needs. */
  static Set<String> unitDirs(RunDir dir) throws IOException {
    Set<String> out = new HashSet<>();
    try {
      for (FileStatus s : dir.fs().listStatus(dir.units())) {
        out.add(s.getPath().getName());
      }
    } catch (FileNotFoundException none) {
      // Nothing committed yet.
    }
    return out;
  }

  private static void check(RunDir dir, RunManifest m, PlannedUnit u, UnitEntry e, Verify verify,
      List<String> recovered, List<String> damaged) throws IOException {
    FileSystem fs = dir.fs();
    UnitRecord rec = null;
    List<String> problems = new ArrayList<>();
    if (!fs.exists(dir.unitRecord(u.id()))) {
      problems.add(RunDir.UNIT_RECORD + ": missing");
    } else {
      try {
        rec = UnitRecordCodec.read(dir, u.id());
        problems.addAll(UnitRecordCodec.verify(fs, dir.unit(u.id()), rec, verify == Verify.CHECKSUM));
      } catch (IOException ex) {
        problems.add(RunDir.UNIT_RECORD + ": unreadable (" + ex.getMessage() + ")");
      }
    }
    if (!problems.isEmpty()) {
      Path aside = moveAside(dir, u.id());
      e.damaged(new DamageRecord(System.currentTimeMillis(), aside.toString(), problems));
      LOG.warn("unit {} ({}) is damaged, moved to {} and will run again: {}", u.id(), u.name(),
          aside, problems);
      damaged.add(u.id());
    } else if (e.state != UnitState.COMMITTED) {
      commitFromRecord(e, rec, m);
      recovered.add(u.id());
    }
  }

  /** A commit made by an attempt whose driver died before recording it. */
  private static void commitFromRecord(UnitEntry e, UnitRecord rec, RunManifest m) {
    if (e.attempts.stream().noneMatch(a -> "COMMITTED".equals(a.outcome()))) {
      e.attempts.add(new AttemptRecord(rec.attempt(), rec.taskAttempt(), rec.executorId(),
          rec.host(), rec.pid(), "COMMITTED", rec.startMillis(), rec.endMillis(),
          rec.resumedFromStep(), null, Math.max(0, m.drivers.size() - 1)));
    }
    e.commit(rec.startMillis(), rec.endMillis(), rec.metrics(), rec.facts());
  }

  private static Path moveAside(RunDir dir, String unitId) throws IOException {
    Path damagedRoot = new Path(dir.root(), "_damaged");
    dir.fs().mkdirs(damagedRoot);
    String base = unitId + "-" + STAMP.format(Instant.now());
    Path target = new Path(damagedRoot, base);
    for (int i = 1; dir.fs().exists(target); i++) {
      target = new Path(damagedRoot, base + "-" + i);
    }
    if (!dir.fs().rename(dir.unit(unitId), target)) {
      throw new IOException("cannot move the damaged unit " + dir.unit(unitId) + " to " + target);
    }
    return target;
  }
}
