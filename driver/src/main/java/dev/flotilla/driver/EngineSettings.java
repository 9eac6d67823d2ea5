package dev.flotilla.driver;

import dev.flotilla.driver.manifest.Reconcile;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

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
 * @param ui               Spark UI on the driver; null leaves it to the session's maker (the CLI
 *                         turns it on, {@link SparkSessions} alone leaves it off)
 * @param sparkConf        Spark settings passed through to the session untouched
 *                         ({@code engine.spark-conf}; Hadoop keys as {@code spark.hadoop.*});
 *                         they win over Flotilla's own defaults
 * @param unitsPerTask     units of one kind run one after another in one Spark task (each with
 *                         its own commit, record and retry): for many tiny units, whose cost is
 *                         otherwise dominated by one Spark job each; {@link #UNITS_PER_TASK_AUTO}
 *                         lets {@code UnitsPerTask} choose for jobs that declare tiny units
 * @param gpusPerUnit      GPUs each unit's task asks Spark for ({@code spark.task.resource.gpu.amount});
 *                         0: none. Each unit gets its task's GPU addresses in its budget
 * @param gpuDiscoveryScript script on the executors' hosts that lists their GPUs as Spark's
 *                         resource JSON ({@code spark.executor.resource.gpu.discoveryScript}; on
 *                         local-cluster also the workers'); null: the cluster manager says
 * @param verifyCommitted  how a starting driver checks the units its run record knows as
 *                         committed ({@code engine.verify-committed}); see {@link Reconcile.Verify}
 */
public record EngineSettings(String runDir, String master, int cpusPerUnit, int unitRetries,
    int taskMaxFailures, int checkpointEvery, int slots, long seed, String order,
    boolean progress, Boolean ui, Map<String, String> sparkConf, int unitsPerTask, int gpusPerUnit,
    String gpuDiscoveryScript, Reconcile.Verify verifyCommitted) {

  /** {@code engine.units-per-task = auto}: chosen from the plan's costs and the slots. */
  public static final int UNITS_PER_TASK_AUTO = 0;

  public static final String ORDER_LPT = "lpt";
  public static final String ORDER_GIVEN = "given";

  /** Spark keys an engine key already sets: one place for each setting, so no silent winner. */
  static final Map<String, String> ENGINE_KEYS = Map.of(
      "spark.master", "engine.master",
      "spark.task.cpus", "engine.cpus-per-unit",
      "spark.task.maxFailures", "engine.task-max-failures",
      "spark.ui.enabled", "engine.ui",
      "spark.task.resource.gpu.amount", "engine.gpus-per-unit",
      "spark.executor.resource.gpu.discoveryScript", "engine.gpu-discovery-script");

  /** Settings without a UI choice and without Spark passthrough. */
  public EngineSettings(String runDir, String master, int cpusPerUnit, int unitRetries,
      int taskMaxFailures, int checkpointEvery, int slots, long seed, String order,
      boolean progress) {
    this(runDir, master, cpusPerUnit, unitRetries, taskMaxFailures, checkpointEvery, slots, seed,
        order, progress, null, Map.of());
  }

  /** Settings with one unit per Spark task. */
  public EngineSettings(String runDir, String master, int cpusPerUnit, int unitRetries,
      int taskMaxFailures, int checkpointEvery, int slots, long seed, String order,
      boolean progress, Boolean ui, Map<String, String> sparkConf) {
    this(runDir, master, cpusPerUnit, unitRetries, taskMaxFailures, checkpointEvery, slots, seed,
        order, progress, ui, sparkConf, 1);
  }

  /** Settings without GPUs. */
  public EngineSettings(String runDir, String master, int cpusPerUnit, int unitRetries,
      int taskMaxFailures, int checkpointEvery, int slots, long seed, String order,
      boolean progress, Boolean ui, Map<String, String> sparkConf, int unitsPerTask) {
    this(runDir, master, cpusPerUnit, unitRetries, taskMaxFailures, checkpointEvery, slots, seed,
        order, progress, ui, sparkConf, unitsPerTask, 0, null, Reconcile.Verify.LISTING);
  }

  /** Settings without GPUs, with a check of committed units. */
  public EngineSettings(String runDir, String master, int cpusPerUnit, int unitRetries,
      int taskMaxFailures, int checkpointEvery, int slots, long seed, String order,
      boolean progress, Boolean ui, Map<String, String> sparkConf, int unitsPerTask,
      Reconcile.Verify verifyCommitted) {
    this(runDir, master, cpusPerUnit, unitRetries, taskMaxFailures, checkpointEvery, slots, seed,
        order, progress, ui, sparkConf, unitsPerTask, 0, null, verifyCommitted);
  }

  /** Settings with GPUs, with the default check of committed units. */
  public EngineSettings(String runDir, String master, int cpusPerUnit, int unitRetries,
      int taskMaxFailures, int checkpointEvery, int slots, long seed, String order,
      boolean progress, Boolean ui, Map<String, String> sparkConf, int unitsPerTask, int gpusPerUnit,
      String gpuDiscoveryScript) {
    this(runDir, master, cpusPerUnit, unitRetries, taskMaxFailures, checkpointEvery, slots, seed,
        order, progress, ui, sparkConf, unitsPerTask, gpusPerUnit, gpuDiscoveryScript, Reconcile.Verify.LISTING);
  }

  public EngineSettings {
    Objects.requireNonNull(runDir, "engine.run-dir");
    Objects.requireNonNull(master, "engine.master");
    check(cpusPerUnit >= 1, "engine.cpus-per-unit", cpusPerUnit, "must be >= 1");
    check(unitRetries >= 0, "engine.unit-retries", unitRetries, "must be >= 0");
    check(taskMaxFailures >= 1, "engine.task-max-failures", taskMaxFailures, "must be >= 1");
    check(checkpointEvery >= 1, "engine.checkpoint-every", checkpointEvery, "must be >= 1");
    check(slots >= 0, "engine.slots", slots, "must be >= 0");
    check(unitsPerTask >= 1 || unitsPerTask == UNITS_PER_TASK_AUTO, "engine.units-per-task",
        unitsPerTask, "must be >= 1 or auto");
    Objects.requireNonNull(verifyCommitted, "engine.verify-committed");
    check(ORDER_LPT.equals(order) || ORDER_GIVEN.equals(order), "engine.order", order,
        "must be 'lpt' or 'given'");
    checkMaster(master, cpusPerUnit);
    check(gpusPerUnit >= 0, "engine.gpus-per-unit", gpusPerUnit, "must be >= 0");
    if (gpusPerUnit > 0) {
      checkGpuMaster(master, gpusPerUnit, gpuDiscoveryScript);
    }
    if (gpuDiscoveryScript != null && gpuDiscoveryScript.isBlank()) {
      gpuDiscoveryScript = null;
    }
    Objects.requireNonNull(sparkConf, "engine.spark-conf");
    for (Map.Entry<String, String> kv : sparkConf.entrySet()) {
      // Values are never echoed here: they may be credentials.
      String key = "engine.spark-conf.\"" + kv.getKey() + "\"";
      if (!kv.getKey().startsWith("spark.")) {
        throw new IllegalArgumentException(key + ": not a Spark key (Spark ignores keys that do "
            + "not start with 'spark.'; Hadoop keys go in as spark.hadoop.<key>)");
      }
      if (ENGINE_KEYS.containsKey(kv.getKey())) {
        throw new IllegalArgumentException(key + ": set " + ENGINE_KEYS.get(kv.getKey())
            + " instead");
      }
      Objects.requireNonNull(kv.getValue(), key);
    }
    sparkConf = java.util.Collections.unmodifiableMap(new TreeMap<>(sparkConf));
  }

  /**
   * A master Spark can start, with room for one unit: a typo or an impossible cpus-per-unit is a
   * config error here instead of a Spark stack trace (or a run that never starts) later.
   */
  private static void checkMaster(String master, int cpus) {
    String m = master.trim();
    SparkMaster parsed = SparkMaster.parse(m);
    if (parsed.kind() == SparkMaster.Kind.CLUSTER) {
      check(m.startsWith("spark://") || m.startsWith("k8s://") || m.startsWith("mesos://")
          || m.equals("yarn"), "engine.master", master, "not a Spark master; use local, local[N], "
          + "local[*], local[N,F], local-cluster[W,C,MB], spark://host:port, yarn or k8s://...");
      return;
    }
    int perExecutor = parsed.kind() == SparkMaster.Kind.LOCAL ? parsed.cores() : parsed.coresPerWorker();
    check(perExecutor >= 1, "engine.master", master, "offers no cores");
    check(cpus <= perExecutor, "engine.cpus-per-unit", cpus, "more than the " + perExecutor
        + " core(s) each executor of " + master + " offers: no unit could ever start");
  }

  /**
   * Spark's local mode offers its one executor no task resources, so a unit asking for a GPU
   * would wait forever; local-cluster's workers find theirs only with a discovery script.
   */
  private static void checkGpuMaster(String master, int gpus, String script) {
    SparkMaster parsed = SparkMaster.parse(master.trim());
    check(parsed.kind() != SparkMaster.Kind.LOCAL, "engine.gpus-per-unit", gpus, "Spark's local mode (engine.master = "
        + master + ") schedules no GPUs; use local-cluster[W,C,MB] (with engine.gpu-discovery-script) "
        + "or a cluster master");
    check(parsed.kind() != SparkMaster.Kind.LOCAL_CLUSTER || (script != null && !script.isBlank()),
        "engine.gpu-discovery-script", script, "local-cluster workers find their GPUs only with a discovery "
        + "script (engine.gpus-per-unit > 0)");
  }

  private static void check(boolean ok, String key, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException(key + " = " + value + ": " + rule);
    }
  }

  public EngineSettings withRunDir(String dir) {
    return new EngineSettings(dir, master, cpusPerUnit, unitRetries, taskMaxFailures,
        checkpointEvery, slots, seed, order, progress, ui, sparkConf, unitsPerTask, gpusPerUnit, gpuDiscoveryScript, verifyCommitted);
  }

  public EngineSettings withMaster(String m) {
    return new EngineSettings(runDir, m, cpusPerUnit, unitRetries, taskMaxFailures,
        checkpointEvery, slots, seed, order, progress, ui, sparkConf, unitsPerTask, gpusPerUnit, gpuDiscoveryScript, verifyCommitted);
  }

  public EngineSettings withUi(Boolean show) {
    return new EngineSettings(runDir, master, cpusPerUnit, unitRetries, taskMaxFailures,
        checkpointEvery, slots, seed, order, progress, show, sparkConf, unitsPerTask, gpusPerUnit, gpuDiscoveryScript, verifyCommitted);
  }

  public EngineSettings withUnitsPerTask(int n) {
    return new EngineSettings(runDir, master, cpusPerUnit, unitRetries, taskMaxFailures,
        checkpointEvery, slots, seed, order, progress, ui, sparkConf, n, gpusPerUnit, gpuDiscoveryScript, verifyCommitted);
  }

  public EngineSettings withSparkConf(Map<String, String> conf) {
    return new EngineSettings(runDir, master, cpusPerUnit, unitRetries, taskMaxFailures,
        checkpointEvery, slots, seed, order, progress, ui, conf, unitsPerTask, gpusPerUnit, gpuDiscoveryScript, verifyCommitted);
  }

  public EngineSettings withVerifyCommitted(Reconcile.Verify v) {
    return new EngineSettings(runDir, master, cpusPerUnit, unitRetries, taskMaxFailures,
        checkpointEvery, slots, seed, order, progress, ui, sparkConf, unitsPerTask, gpusPerUnit, gpuDiscoveryScript, v);
  }

  public EngineSettings withGpus(int perUnit, String discoveryScript) {
    return new EngineSettings(runDir, master, cpusPerUnit, unitRetries, taskMaxFailures,
        checkpointEvery, slots, seed, order, progress, ui, sparkConf, unitsPerTask, perUnit, discoveryScript, verifyCommitted);
  }
}
