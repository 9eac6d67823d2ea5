package dev.flotilla.jobs.cli;

import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.LibraryLogging;
import dev.flotilla.driver.RunFailedException;
import dev.flotilla.driver.RunStoppedException;
import dev.flotilla.driver.manifest.RunDirLockedException;
import dev.flotilla.driver.SparkSessions;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.jobs.JobKinds;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs (or resumes) a job. Inside spark-submit it uses the submitted session's master. */
@Command(name = "run", description = "Run a job, or resume it in its run dir (committed units are skipped).")
final class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "CONF", description = "job config (HOCON)")
  File conf;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config key, e.g. --set engine.run-dir=hdfs://nn/runs/a")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--verbose", description = "log Spark's and the libraries' INFO lines too "
      + "(default: only their warnings, and Flotilla's own lines)")
  boolean verbose;

  @Option(names = "--extend", description = "grow a run dir made for another plan with this "
      + "config's units (recorded in its manifest) instead of refusing it")
  boolean extend;

  @Override
  public Integer call() throws Exception {
    LibraryLogging.apply(verbose);
    JobSpec job = JobKinds.fromFile(conf, overrides);
    DriverLog log = DriverLog.start(job.engine().runDir());
    try {
      return run(job);
    } catch (RunFailedException failed) {
      return fail(log, failed, failed.getMessage(), 1);
    } catch (RunStoppedException stopped) {
      return fail(log, stopped, stopped.getMessage(), stopped.signalled() ? 143 : 1);
    } catch (RunDirLockedException locked) {
      return fail(log, locked, locked.getMessage(), 3);
    } catch (IllegalArgumentException bad) {
      return fail(log, bad, bad.getMessage(), 2);
    } catch (Exception | Error e) {
      // Disk full (Hadoop's FSError), a lost file system, a bug: one line, the trace in the log.
      return fail(log, e, e.getClass().getSimpleName() + ": " + e.getMessage(), 1);
    } finally {
      log.close();
    }
  }

  private static int fail(DriverLog log, Throwable e, String message, int code) {
    log.failure(e);
    System.err.println("flotilla: " + message + "\n  (full log: " + log.where() + ")");
    return code;
  }

  private Integer run(JobSpec job) throws Exception {
    EngineSettings e = job.engine();
    if (e.ui() == null) {
      e = e.withUi(true); // the CLI shows the Spark UI unless the config says engine.ui = false
    }
    // Under spark-submit, spark.master is already set: the session keeps it.
    String submitted = System.getProperty("spark.master");
    SparkSession spark = submitted != null
        ? SparkSession.builder().config(SparkSessions.conf(e.withMaster(submitted), "flotilla-" + job.kind()))
            .getOrCreate()
        : SparkSessions.create(e, "flotilla-" + job.kind());
    if (!verbose) {
      spark.sparkContext().setLogLevel("WARN"); // loggers no one named too
    }
    LibraryLogging.apply(verbose); // again: Spark sets its own levels while it starts
    if (spark.sparkContext().uiWebUrl().isDefined()) {
      System.out.println("Spark UI: " + spark.sparkContext().uiWebUrl().get());
    }
    try {
      RunManifest m = extend ? Flotilla.extend(spark, job) : Flotilla.run(spark, job);
      System.out.printf("%s run done: %d units committed in %s%nreport: %s%n", job.kind(),
          m.count(UnitState.COMMITTED), m.runDir, m.merge.get("report"));
      return 0;
    } finally {
      spark.stop();
    }
  }
}
