package dev.flotilla.bench;

import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.SparkSessions;
import dev.flotilla.jobs.JobKinds;
import java.io.File;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The warm half of {@code scripts/bench-engine-scale --warm}: the script's burn configs (the same
 * files its cold runs give the CLI) run one after another through the Java API in one driver JVM
 * and one Spark session, the first as a warm-up. Each plan size then pays the same JIT and heap
 * state, so its per-unit cost shows what the plan's size costs, apart from a cold JVM's warm-up
 * (which a one-process-per-size run charges mostly to the small plans). The script reads each run
 * dir's record as for its cold runs.
 *
 * <p>Arguments: {@code WARMUP_CONF CONF...}. Prints one line per config: {@code run CONF SECONDS
 * PEAK_RSS_KB}, the peak being this JVM's so far.
 */
public final class WarmScaleBench {

  private WarmScaleBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: WARMUP_CONF CONF...");
    }
    SparkSession spark = null;
    try {
      for (String file : args) {
        JobSpec job = JobKinds.fromFile(new File(file), List.of());
        if (spark == null) {
          SparkConf conf = SparkSessions.conf(job.engine(), "flotilla-bench-engine-scale")
              .set("spark.ui.enabled", "false");
          spark = SparkSession.builder().config(conf).getOrCreate();
          spark.sparkContext().setLogLevel("WARN");
        }
        long t0 = System.nanoTime();
        Flotilla.run(spark, job);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("run %s %.3f %d%n", file, seconds, ProcStatus.kb("self", "VmHWM"));
      }
    } finally {
      if (spark != null) {
        spark.stop();
      }
    }
  }
}
