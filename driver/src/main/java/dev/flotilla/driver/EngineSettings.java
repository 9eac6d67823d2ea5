package dev.flotilla.driver;

import java.util.Objects;

/**
 * Engine keys of a job config ({@code engine.*}); see README's config reference. Immutable.
 *
 * @param runDir           run directory URI (file://, hdfs://, s3a://; a bare path is local)
 * @param master           Spark master when Flotilla creates the session (CLI); ignored otherwise
 * @param cpusPerUnit      cores each unit gets (spark.task.cpus and native thread pools)
 * @param unitRetries      extra attempts for a unit that fails (after Spark's own task retries)
 * @param taskMaxFailures  Spark task attempts per unit attempt (covers lost executors)
 * @param checkpointEvery  steps between checkpoints of long units
 * @param slots            slots assumed by {@code plan}'s makespan forecast (0: from the master)
 * @param seed             run seed; every unit's seed derives from it and the unit id
 * @param order            {@code lpt} (longest first) or {@code given} (plan order)
 * @param progress         show the console progress bar
 */
public record EngineSettings(String runDir, String master, int cpusPerUnit, int unitRetries,
    int taskMaxFailures, int checkpointEvery, int slots, long seed, String order,
    boolean progress) {

  public static final String ORDER_LPT = "lpt";
  public static final String ORDER_GIVEN = "given";

  public EngineSettings {
    Objects.requireNonNull(runDir, "engine.run-dir");
    Objects.requireNonNull(master, "engine.master");
    check(cpusPerUnit >= 1, "engine.cpus-per-unit", cpusPerUnit, "must be >= 1");
    check(unitRetries >= 0, "engine.unit-retries", unitRetries, "must be >= 0");
    check(taskMaxFailures >= 1, "engine.task-max-failures", taskMaxFailures, "must be >= 1");
    check(checkpointEvery >= 1, "engine.checkpoint-every", checkpointEvery, "must be >= 1");
    check(slots >= 0, "engine.slots", slots, "must be >= 0");
    check(ORDER_LPT.equals(order) || ORDER_GIVEN.equals(order), "engine.order", order,
        "must be 'lpt' or 'given'");
  }

  private static void check(boolean ok, String key, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException(key + " = " + value + ": " + rule);
    }
  }

  public EngineSettings withRunDir(String dir) {
    return new EngineSettings(dir, master, cpusPerUnit, unitRetries, taskMaxFailures,
        checkpointEvery, slots, seed, order, progress);
  }

  public EngineSettings withMaster(String m) {
    return new EngineSettings(runDir, m, cpusPerUnit, unitRetries, taskMaxFailures,
        checkpointEvery, slots, seed, order, progress);
  }

  public EngineSettings withProgress(boolean show) {
    return new EngineSettings(runDir, master, cpusPerUnit, unitRetries, taskMaxFailures,
        checkpointEvery, slots, seed, order, show);
  }
}
