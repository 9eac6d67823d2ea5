package dev.flotilla.bench;

import com.typesafe.config.ConfigFactory;
import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.SparkSessions;
import dev.flotilla.jobs.JobKinds;
import dev.flotilla.jobs.config.JobConfig;
import java.util.Collections;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The warm half of {@code scripts/bench-engine-scale --warm}: burn plans of no-op units run one
 * after another through the Java API in one driver JVM and one Spark session, after a warm-up plan.
 * Each plan size then pays the same JIT and heap state, so its per-unit cost shows what the plan's
 * size costs, apart from a cold JVM's warm-up (which a one-process-per-size run charges mostly to
 * the small plans). The script reads each run dir's record as for its cold runs.
 *
 * <p>Arguments: {@code MASTER WARMUP_RUN_DIR:UNITS:PER_TASK RUN_DIR:UNITS:PER_TASK...}; PER_TASK is a
 * count or {@code auto}. Prints one line per plan: {@code run RUN_DIR SECONDS PEAK_RSS_KB}, the
 * peak being this JVM's so far.
 */
public final class WarmScaleBench {

  private WarmScaleBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: MASTER WARMUP_DIR:UNITS:PER_TASK RUN_DIR:UNITS:PER_TASK...");
    }
    String master = args[0];
    SparkSession spark = null;
    try {
      for (int i = 1; i < args.length; i++) {
        String[] spec = args[i].split(":");
        if (spec.length != 3) {
          throw new IllegalArgumentException("'" + args[i] + "' is not RUN_DIR:UNITS:PER_TASK");
        }
        JobSpec job = burn(master, spec[0], Integer.parseInt(spec[1]), spec[2]);
        if (spark == null) {
          SparkConf conf = SparkSessions.conf(job.engine(), "flotilla-bench-engine-scale")
              .set("spark.ui.enabled", "false");
          spark = SparkSession.builder().config(conf).getOrCreate();
          spark.sparkContext().setLogLevel("WARN");
        }
        long t0 = System.nanoTime();
        Flotilla.run(spark, job);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("run %s %.3f %d%n", spec[0], seconds, ProcStatus.kb("self", "VmHWM"));
      }
    } finally {
      if (spark != null) {
        spark.stop();
      }
    }
  }

  /** The burn job the CLI would build from the script's config: no-op units, progress and UI off. */
  private static JobSpec burn(String master, String runDir, int units, String perTask) {
    String conf = """
        job = burn
        engine { master = "%s", run-dir = "%s", progress = false, ui = false, units-per-task = %s }
        burn.seconds = [%s]
        """.formatted(master, runDir, perTask, String.join(", ", Collections.nCopies(units, "0")));
    return JobKinds.fromConfig(JobConfig.withOverrides(ConfigFactory.parseString(conf), List.of(), "bench"));
  }
}
