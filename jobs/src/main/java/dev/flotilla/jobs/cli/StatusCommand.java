package dev.flotilla.jobs.cli;

import dev.flotilla.driver.manifest.DriverRun;
import dev.flotilla.driver.manifest.Reconcile;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.RunStatus;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.driver.report.EngineReport;
import dev.flotilla.executors.rundir.RunDir;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints a run's state from its manifest (and whether a driver holds it). */
@Command(name = "status", description = "Show a run's units, attempts and state from its manifest.")
final class StatusCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "run directory (path or URI)")
  String runDir;

  @Option(names = "--checksums", description = "verify every committed file's SHA-256 "
      + "(default: one listing of units/, as a resuming driver does)")
  boolean checksums;

  @Option(names = "--sizes", description = "read every committed unit's record and check its "
      + "files' presence and size")
  boolean sizes;

  @Option(names = "--units", description = "list every unit (default: all of a small run; for a "
      + "large one the failed, running and " + SLOWEST + " slowest units)")
  boolean allUnits;

  /** Runs with more units than this get a summary table instead of every unit. */
  static final int FULL_TABLE_UP_TO = 50;
  static final int SLOWEST = 10;

  @Override
  public Integer call() throws Exception {
    Configuration conf = new Configuration();
    RunDir dir = RunDir.at(runDir, conf);
    if (!RunManifest.exists(dir)) {
      throw new IllegalArgumentException("no Flotilla run in " + dir.uri() + " (no manifest.json)");
    }
    RunStatus st = RunStatus.read(dir, checksums ? Reconcile.Verify.CHECKSUM
        : sizes ? Reconcile.Verify.SIZE : Reconcile.Verify.LISTING, hostName());
    RunManifest m = st.manifest();
    System.out.printf("%s run in %s: %d units, %d committed, %d running, %d pending, %d failed%n",
        m.jobKind, dir.uri(), m.units.size(), m.count(UnitState.COMMITTED), m.count(UnitState.RUNNING),
        m.count(UnitState.PENDING), m.count(UnitState.FAILED));
    Instant now = Instant.now();
    st.liveDriver().ifPresent(h -> System.out.println("locked by live " + h.describe(now)));
    st.staleLock().ifPresent(h -> System.out.println("STALE lock (its driver is gone): " + h.describe(now)));
    if (st.liveDriver().isEmpty() && st.staleLock().isEmpty()) {
      System.out.println("no driver holds this run dir");
    }
    for (DriverRun d : m.drivers) {
      System.out.printf("driver pid %d on %s, master %s, %s, started %s%s%n", d.pid(), d.host(),
          d.master(), st.outcomeOf(d), Instant.ofEpochMilli(d.startMillis()),
          d.recordWrites() == 0 ? "" : ", wrote the run record " + d.recordWrites() + " times ("
              + d.recordBytes() + " bytes)");
    }
    m.notices.forEach(n -> System.out.println("notice: " + n));
    System.out.print(EngineReport.units(allUnits || m.units.size() <= FULL_TABLE_UP_TO ? m : summary(m))
        .toMarkdown());
    if (!allUnits && m.units.size() > FULL_TABLE_UP_TO) {
      System.out.println("(failed, running and the " + SLOWEST + " slowest committed of "
          + m.units.size() + " units; --units lists all)");
    }
    m.units.values().forEach(e -> e.damage.forEach(d -> System.out.println("unit " + e.id
        + " was found damaged at " + Instant.ofEpochMilli(d.foundMillis()) + " ("
        + String.join("; ", d.problems()) + "), moved to "
        + (d.movedTo() == null ? "nowhere (nothing was left)" : d.movedTo()) + " and run again")));
    st.damaged().forEach((id, problems) -> System.out.println("DAMAGED unit " + id + ": "
        + String.join("; ", problems) + " (the next run moves it to _damaged/ and runs it again)"));
    if (m.merge.get("report") != null) {
      System.out.println("report: " + m.merge.get("report"));
    }
    long failed = m.count(UnitState.FAILED);
    if (failed > 0 || !st.damaged().isEmpty()) {
      // The exit status says "look"; one line says why, as for every other verb.
      System.err.println("flotilla: " + (failed > 0 ? failed + " unit(s) failed" : "")
          + (failed > 0 && !st.damaged().isEmpty() ? " and " : "")
          + (st.damaged().isEmpty() ? "" : st.damaged().size() + " committed unit(s) are damaged "
              + st.damaged().keySet() + "; `flotilla run` moves them aside and runs them again"));
      return 1;
    }
    return 0;
  }

  /** The units a person looks at first in a large run: failed, running, the slowest committed. */
  private static RunManifest summary(RunManifest m) {
    RunManifest view = new RunManifest();
    m.units.values().stream().filter(u -> u.state == UnitState.FAILED || u.state == UnitState.RUNNING)
        .forEach(u -> view.units.put(u.id, u));
    m.units.values().stream().filter(u -> u.state == UnitState.COMMITTED)
        .sorted(java.util.Comparator.comparingDouble((dev.flotilla.driver.manifest.UnitEntry u) -> -u.seconds))
        .limit(SLOWEST).forEach(u -> view.units.put(u.id, u));
    return view;
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
