package dev.flotilla.jobs.cli;

import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.manifest.DriverRun;
import dev.flotilla.driver.manifest.RunLock;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.driver.report.EngineReport;
import dev.flotilla.executors.rundir.RunDir;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints a run's state from its manifest (and whether a driver holds it). */
@Command(name = "status", description = "Show a run's units, attempts and state from its manifest.")
final class StatusCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "run directory (path or URI)")
  String runDir;

  @Override
  public Integer call() throws Exception {
    Configuration conf = new Configuration();
    RunManifest m = Flotilla.status(runDir, conf);
    System.out.printf("%s run in %s: %d units, %d committed, %d running, %d pending, %d failed%n",
        m.jobKind, m.runDir, m.units.size(), m.count(UnitState.COMMITTED), m.count(UnitState.RUNNING),
        m.count(UnitState.PENDING), m.count(UnitState.FAILED));
    RunLock.read(RunDir.at(runDir, conf)).ifPresentOrElse(
        h -> System.out.println((h.isStale(Instant.now(), hostName()) ? "STALE lock (its driver is gone): "
            : "locked by live ") + h.describe(Instant.now())),
        () -> System.out.println("no driver holds this run dir"));
    for (DriverRun d : m.drivers) {
      System.out.printf("driver pid %d on %s, master %s, %s, started %s%n", d.pid(), d.host(),
          d.master(), d.outcome(), Instant.ofEpochMilli(d.startMillis()));
    }
    System.out.print(EngineReport.units(m).toMarkdown());
    if (m.merge.get("report") != null) {
      System.out.println("report: " + m.merge.get("report"));
    }
    return m.count(UnitState.FAILED) > 0 ? 1 : 0;
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
