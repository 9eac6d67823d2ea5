package dev.flotilla.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.SparkMaster;
import dev.flotilla.driver.manifest.Reconcile;
import java.util.Map;
import java.util.TreeMap;

/** Reads the {@code engine.*} keys of a resolved job config. */
public final class EngineConfig {

  private EngineConfig() {}

  public static EngineSettings parse(Config c) {
    // Whole numbers are read without coercion (1.5 cpus is an error, not 1); ranges are checked
    // by EngineSettings, which the Java API shares.
    ConfigReader r = new ConfigReader(c);
    return new EngineSettings(
        absolute(c.getString("engine.run-dir")),
        c.getString("engine.master"),
        anyInt(r, "engine.cpus-per-unit"),
        anyInt(r, "engine.unit-retries"),
        anyInt(r, "engine.task-max-failures"),
        anyInt(r, "engine.checkpoint-every"),
        anyInt(r, "engine.slots"),
        r.longAtLeast("engine.seed", Long.MIN_VALUE),
        c.getString("engine.order"),
        c.getBoolean("engine.progress"),
        c.getIsNull("engine.ui") ? null : c.getBoolean("engine.ui"),
        sparkConf(c),
        unitsPerTask(r),
        anyInt(r, "engine.gpus-per-unit"),
        c.getIsNull("engine.gpu-discovery-script") ? null : c.getString("engine.gpu-discovery-script"),
        verifyCommitted(r));
  }

  /** {@code engine.units-per-task}: a count, or {@code auto} (chosen for jobs of tiny units). */
  static int unitsPerTask(ConfigReader r) {
    String key = "engine.units-per-task";
    if (r.config().getValue(key).valueType() == com.typesafe.config.ConfigValueType.STRING) {
      if (!"auto".equals(r.string(key))) {
        throw r.error(key, "must be a whole number >= 1 or auto");
      }
      return EngineSettings.UNITS_PER_TASK_AUTO;
    }
    int n = anyInt(r, key);
    if (n < 1) {
      throw r.error(key, "must be a whole number >= 1 or auto");
    }
    return n;
  }

  /** {@code engine.verify-committed}: listing, size or checksum. */
  static Reconcile.Verify verifyCommitted(ConfigReader r) {
    return Reconcile.Verify.valueOf(r.oneOf("engine.verify-committed",
        java.util.List.of("listing", "size", "checksum")).toUpperCase(java.util.Locale.ROOT));
  }

  private static int anyInt(ConfigReader r, String key) {
    return r.intIn(key, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /**
   * {@code engine.spark-conf}: whole Spark keys in quotes, each with a string, number or boolean.
   * An unquoted key would be split at its dots into nested objects, and HOCON would let
   * {@code spark.authenticate.secret} silently replace {@code spark.authenticate}: refused.
   */
  static Map<String, String> sparkConf(Config c) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : c.getObject("engine.spark-conf").entrySet()) {
      ConfigValue v = e.getValue();
      String where = "engine.spark-conf.\"" + e.getKey() + "\" (" + v.origin().description() + ")";
      switch (v.valueType()) {
        case OBJECT -> throw new IllegalArgumentException(where + ": write each Spark key whole "
            + "and in quotes, e.g. \"spark.authenticate\" = true");
        case LIST, NULL -> throw new IllegalArgumentException(where + ": must be a string, number or boolean");
        default -> out.put(e.getKey(), String.valueOf(v.unwrapped()));
      }
    }
    return out;
  }

  /** Local paths become absolute file paths, so executors in other JVMs find the same dir. */
  static String absolute(String runDir) {
    if (runDir.isBlank()) {
      throw new IllegalArgumentException("engine.run-dir is empty");
    }
    return dev.flotilla.executors.rundir.FsPaths.qualified(runDir);
  }

  /** Slots a master offers to units of {@code cpus} cores, or 0 if it cannot be told. */
  public static int slotsOf(String master, int cpus) {
    return SparkMaster.parse(master).slots(cpus);
  }
}
