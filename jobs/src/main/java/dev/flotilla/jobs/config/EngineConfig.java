package dev.flotilla.jobs.config;

import com.typesafe.config.Config;
import dev.flotilla.driver.EngineSettings;

/** Reads the {@code engine.*} keys of a resolved job config. */
public final class EngineConfig {

  private EngineConfig() {}

  public static EngineSettings parse(Config c) {
    return new EngineSettings(
        absolute(c.getString("engine.run-dir")),
        c.getString("engine.master"),
        c.getInt("engine.cpus-per-unit"),
        c.getInt("engine.unit-retries"),
        c.getInt("engine.task-max-failures"),
        c.getInt("engine.checkpoint-every"),
        c.getInt("engine.slots"),
        c.getLong("engine.seed"),
        c.getString("engine.order"),
        c.getBoolean("engine.progress"));
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
    String m = master.trim();
    int cores;
    java.util.regex.Matcher local = java.util.regex.Pattern.compile("local\\[(\\*|\\d+)(,\\d+)?]").matcher(m);
    java.util.regex.Matcher cluster =
        java.util.regex.Pattern.compile("local-cluster\\[(\\d+),\\s*(\\d+),\\s*(\\d+)]").matcher(m);
    if (m.equals("local")) {
      cores = 1;
    } else if (local.matches()) {
      cores = local.group(1).equals("*") ? Runtime.getRuntime().availableProcessors()
          : Integer.parseInt(local.group(1));
    } else if (cluster.matches()) {
      // Each executor offers floor(cores / cpus) slots.
      return Integer.parseInt(cluster.group(1)) * (Integer.parseInt(cluster.group(2)) / cpus);
    } else {
      return 0;
    }
    return Math.max(1, cores / cpus);
  }
}
