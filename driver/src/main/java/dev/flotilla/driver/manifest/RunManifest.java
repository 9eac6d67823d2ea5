package dev.flotilla.driver.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.flotilla.executors.rundir.AtomicFiles;
import dev.flotilla.executors.rundir.RunDir;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of a run (plan, per-unit state and attempts, metrics, timings, config, versions):
 * {@code <run>/manifest.json}, a snapshot, plus the unit changes since then in
 * {@code <run>/journal/} ({@link RunJournal}), so a unit's commit costs one small write whatever
 * the plan's size. {@link #read} returns both applied; {@link #write} folds the journal into a new
 * snapshot. {@code status} and reports read only this and the committed unit records.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class RunManifest {

  public static final int FORMAT_VERSION = 1;
  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .findAndAddModules()
      .build();

  public int formatVersion = FORMAT_VERSION;
  public String jobKind;
  public String runDir;
  public long seed;
  public long createdMillis;
  public long updatedMillis;
  public Map<String, Object> config = new LinkedHashMap<>();
  public Map<String, Object> engine = new LinkedHashMap<>();
  public Map<String, String> versions = new LinkedHashMap<>();
  public List<DriverRun> drivers = new ArrayList<>();
  public LinkedHashMap<String, UnitEntry> units = new LinkedHashMap<>();
  /** The plans this run dir was made for, oldest first; a run must match one (or extend). */
  public List<PlanRecord> plans = new ArrayList<>();
  /** Things a person reading the run should know (e.g. the manifest was rebuilt), oldest first. */
  public List<String> notices = new ArrayList<>();
  /** Job-level results written by the merge step (e.g. the report's files). */
  public Map<String, Object> merge = new LinkedHashMap<>();
  /** The last journal change this snapshot holds; newer change files are applied on reading. */
  public long journalSeq;
  /** Bytes of the last snapshot written or read, and of the journal since: when to compact. */
  @com.fasterxml.jackson.annotation.JsonIgnore long snapshotBytes;
  @com.fasterxml.jackson.annotation.JsonIgnore long journalBytes;
  @com.fasterxml.jackson.annotation.JsonIgnore boolean journalDirMade;
  /** What this driver wrote of the record (change files and snapshots): kept in its DriverRun. */
  @com.fasterxml.jackson.annotation.JsonIgnore long writesByThisDriver;
  @com.fasterxml.jackson.annotation.JsonIgnore long bytesByThisDriver;

  public UnitEntry unit(String id) {
    UnitEntry e = units.get(id);
    if (e == null) {
      throw new IllegalArgumentException("no unit " + id + " in the manifest of " + runDir);
    }
    return e;
  }

  public List<DriverRun> drivers() {
    return drivers;
  }

  public long count(UnitState state) {
    return units.values().stream().filter(u -> u.state == state).count();
  }

  /** Rows {@link #toString} shows before it summarises the rest. */
  static final int SHOWN_UNITS = 30;

  /**
   * The run as a person reads it in a notebook or jshell: one line (job, run dir, units per
   * state, report), then a table of units with their state, seconds and first metrics.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(jobKind + " run in " + runDir + ": " + units.size() + " units");
    for (UnitState st : UnitState.values()) {
      long n = count(st);
      if (n > 0) {
        sb.append(", ").append(n).append(' ').append(st.name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    sb.append("\nreport: ").append(runDir.endsWith("/") ? runDir : runDir + "/").append("report/index.html\n");
    List<String> metricKeys = units.values().stream().flatMap(u -> u.metrics.keySet().stream())
        .distinct().limit(4).toList();
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("unit", "state", "seconds"));
    header.addAll(metricKeys);
    rows.add(header);
    units.values().stream().limit(SHOWN_UNITS).forEach(u -> {
      List<String> row = new ArrayList<>(List.of(u.name, u.state.name(), String.format(java.util.Locale.ROOT, "%.1f", u.seconds)));
      metricKeys.forEach(k -> row.add(u.metrics.containsKey(k)
          ? String.format(java.util.Locale.ROOT, "%.4g", u.metrics.get(k)) : ""));
      rows.add(row);
    });
    int[] width = new int[header.size()];
    rows.forEach(r -> { for (int i = 0; i < r.size(); i++) { width[i] = Math.max(width[i], r.get(i).length()); } });
    for (List<String> r : rows) {
      for (int i = 0; i < r.size(); i++) {
        sb.append(String.format("%-" + (width[i] + 2) + "s", r.get(i)));
      }
      sb.setLength(sb.length() - 2);
      sb.append('\n');
    }
    if (units.size() > SHOWN_UNITS) {
      sb.append("... and ").append(units.size() - SHOWN_UNITS).append(" more units (flotilla status --units)\n");
    }
    return sb.toString();
  }

  public void endDriverRun(long end, String outcome) {
    int last = drivers.size() - 1;
    drivers.set(last, drivers.get(last).ended(end, outcome, writesByThisDriver, bytesByThisDriver));
  }

  /**
   * Called by a driver that just took the lock: earlier driver runs still marked running died
   * (SIGKILL, power loss); their in-flight attempts are recorded as lost, so the history says
   * what happened rather than "running" forever.
   */
  public void recordDeadDrivers(long now) {
    for (int i = 0; i < drivers.size(); i++) {
      DriverRun d = drivers.get(i);
      if ("running".equals(d.outcome())) {
        drivers.set(i, d.ended(updatedMillis > 0 ? updatedMillis : now, "died", d.recordWrites(), d.recordBytes()));
        for (UnitEntry e : units.values()) {
          if (e.state == UnitState.RUNNING) {
            e.attempts.add(new AttemptRecord(e.unitAttempts(), -1, null, null, -1,
                "LOST_WITH_DRIVER", updatedMillis, now, -1, "its driver died", i));
          }
        }
      }
    }
  }

  /** Writes the whole record as a new snapshot and drops the journal changes it now holds. */
  public void write(RunDir dir) throws IOException {
    updatedMillis = System.currentTimeMillis();
    byte[] bytes = JSON.writeValueAsBytes(this);
    AtomicFiles.writeBytes(dir.fs(), dir.conf(), dir.manifest(), bytes);
    snapshotBytes = bytes.length;
    journalBytes = 0;
    writesByThisDriver++;
    bytesByThisDriver += bytes.length;
    RunJournal.dropThrough(dir, journalSeq);
  }

  public String toJson() throws IOException {
    return JSON.writeValueAsString(this);
  }

  public static boolean exists(RunDir dir) throws IOException {
    return dir.fs().exists(dir.manifest());
  }

  public static RunManifest read(RunDir dir) throws IOException {
    // Parsed from bytes: Jackson's UTF-8 parser, without a String copy of a snapshot that holds
    // every unit (~250 MB for 10^6 units).
    byte[] text = AtomicFiles.readBytes(dir.fs(), dir.manifest());
    RunManifest m;
    try {
      m = JSON.readValue(text, RunManifest.class);
    } catch (IOException e) {
      throw new IOException(dir.manifest() + " is not a Flotilla manifest: " + e.getMessage(), e);
    }
    if (m.formatVersion != FORMAT_VERSION) {
      throw new IOException(dir.manifest() + " has format version " + m.formatVersion
          + "; this Flotilla reads version " + FORMAT_VERSION);
    }
    m.snapshotBytes = text.length;
    RunJournal.replay(dir, m);
    return m;
  }
}
