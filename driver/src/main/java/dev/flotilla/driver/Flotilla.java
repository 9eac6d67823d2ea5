package dev.flotilla.driver;

import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.executors.rundir.RunDir;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * The Java API, for applications, notebooks and jshell.
 *
 * <pre>{@code
 * SparkSession spark = SparkSessions.create(job.engine(), "my-sweep");
 * RunManifest m = Flotilla.run(spark, job);
 * }</pre>
 *
 * <p>Spark and library INFO logging is off unless {@code -Dflotilla.verbose=true} or the
 * application configures log4j2 itself ({@link LibraryLogging}).
 */
public final class Flotilla {

  private Flotilla() {}

  /**
   * Runs (or resumes) {@code job} in its run directory on {@code spark} and returns the final
   * manifest. Units already committed there are skipped.
   *
   * @throws RunFailedException if some units failed every attempt (the rest are committed)
   * @throws dev.flotilla.driver.manifest.RunDirLockedException if another live driver holds the
   *     run directory
   * @throws PlanMismatchException if the run dir was made for another plan
   */
  public static RunManifest run(SparkSession spark, JobSpec job) throws IOException {
    LibraryLogging.applyUnlessConfigured();
    return new JobRunner(spark, job, false).run();
  }

  /**
   * Like {@link #run}, but a run dir made for another plan is grown with this job's units instead
   * of refused ({@link PlanMismatchException}); the manifest records the extension. Reports then
   * merge this job's units only.
   */
  public static RunManifest extend(SparkSession spark, JobSpec job) throws IOException {
    LibraryLogging.applyUnlessConfigured();
    return new JobRunner(spark, job, true).run();
  }

  /** Reads the manifest of a run directory (the {@code status} command). */
  public static RunManifest status(String runDir, Configuration conf) throws IOException {
    RunDir dir = RunDir.at(runDir, conf);
    if (!RunManifest.exists(dir)) {
      throw new IOException("no Flotilla run in " + dir.uri() + " (no manifest.json)");
    }
    return RunManifest.read(dir);
  }
}
