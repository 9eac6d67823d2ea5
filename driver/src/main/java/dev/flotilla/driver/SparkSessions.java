package dev.flotilla.driver;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession Flotilla's CLI runs in, with the settings every run needs: Kryo with
 * registration required, task cpus, task retries, executor JVM flags and thread limits.
 * Sessions made by users (notebooks, spark-submit) should set the same; see README.
 */
public final class SparkSessions {

  /** Spark's add-opens for Java 17 (FACTS.md), also given to executor JVMs. */
  public static final String JAVA_OPENS = String.join(" ",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
      "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED");

  private static final Pattern LOCAL = Pattern.compile("local\\[(\\*|\\d+)]");

  private SparkSessions() {}

  /**
   * Spark's plain {@code local[N]} never retries a failed task; Flotilla's lost-task retry needs
   * {@code local[N,F]}, so a plain local master gets {@code F = engine.task-max-failures}.
   */
  public static String effectiveMaster(String master, int taskMaxFailures) {
    Matcher m = LOCAL.matcher(master.trim());
    return m.matches() ? "local[" + m.group(1) + "," + taskMaxFailures + "]" : master;
  }

  public static SparkConf conf(EngineSettings engine, String appName) {
    String cpus = Integer.toString(engine.cpusPerUnit());
    return new SparkConf()
        .setAppName(appName)
        .setMaster(effectiveMaster(engine.master(), engine.taskMaxFailures()))
        .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .set("spark.kryo.registrator", FlotillaKryoRegistrator.class.getName())
        .set("spark.kryo.registrationRequired", "true")
        .set("spark.task.cpus", cpus)
        .set("spark.task.maxFailures", Integer.toString(engine.taskMaxFailures()))
        .set("spark.scheduler.mode", "FIFO")
        .set("spark.ui.showConsoleProgress", "false")
        .set("spark.executor.extraJavaOptions", JAVA_OPENS + " -Dai.djl.offline=true")
        .set("spark.executorEnv.OMP_NUM_THREADS", cpus)
        .set("spark.executorEnv.OPENBLAS_NUM_THREADS", cpus)
        .set("spark.executorEnv.MKL_NUM_THREADS", cpus);
  }

  public static SparkSession create(EngineSettings engine, String appName) {
    return SparkSession.builder().config(conf(engine, appName)).getOrCreate();
  }
}
