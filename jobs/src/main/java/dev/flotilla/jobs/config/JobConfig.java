package dev.flotilla.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Loads a job config (HOCON): the user's file, then {@code --set key=value} overrides on top,
 * then the job's reference defaults underneath. Keys that the reference does not define are
 * errors naming the file and line: a typo must never silently fall back to a default.
 */
public final class JobConfig {

  private JobConfig() {}

  /** The resolved config of {@code file} with {@code overrides} applied (job kind from {@code job}). */
  public static Config load(File file, List<String> overrides) {
    if (!file.isFile()) {
      throw new IllegalArgumentException("config file " + file + " does not exist");
    }
    Config user = ConfigFactory.parseFile(file,
        ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
    return withOverrides(user, overrides, file.getPath());
  }

  public static Config withOverrides(Config user, List<String> overrides, String source) {
    Config merged = user;
    for (String kv : overrides) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--set expects key=value, got '" + kv + "'");
      }
      String key = kv.substring(0, eq).trim();
      String value = kv.substring(eq + 1).trim();
      Config one;
      try {
        one = ConfigFactory.parseString(key + " = " + value,
            ConfigParseOptions.defaults().setOriginDescription("--set " + kv));
      } catch (ConfigException e) {
        // A bare string that is not valid HOCON (paths with ':' etc.): take it literally.
        one = ConfigFactory.parseMap(Map.of(key, value), "--set " + kv);
      }
      merged = one.withFallback(merged);
    }
    if (!merged.hasPath("job")) {
      throw new IllegalArgumentException(source + ": missing key 'job' (the job kind, e.g. job = sweep)");
    }
    String kind = merged.getString("job");
    Config reference = reference(kind);
    rejectUnknown(merged, reference, source);
    return merged.withFallback(reference).resolve();
  }

  /** The job's reference defaults: engine keys plus {@code <kind>.conf}. */
  public static Config reference(String kind) {
    Config engine = ConfigFactory.parseResources(JobConfig.class, "/dev/flotilla/jobs/engine.conf",
        ConfigParseOptions.defaults().setAllowMissing(false));
    Config job = ConfigFactory.parseResources(JobConfig.class, "/dev/flotilla/jobs/" + kind + ".conf",
        ConfigParseOptions.defaults().setAllowMissing(true));
    if (job.isEmpty()) {
      throw new IllegalArgumentException("unknown job kind '" + kind + "'; known kinds: "
          + dev.flotilla.jobs.JobKinds.names());
    }
    return job.withFallback(engine).withFallback(ConfigFactory.parseMap(Map.of("job", kind)));
  }

  private static void rejectUnknown(Config user, Config reference, String source) {
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
      String key = e.getKey();
      if (!reference.hasPathOrNull(key)) {
        int line = e.getValue().origin().lineNumber();
        unknown.add(key + " (" + e.getValue().origin().description()
            + (line > 0 && !e.getValue().origin().description().contains(": " + line) ? ": " + line : "") + ")");
      }
    }
    if (!unknown.isEmpty()) {
      TreeSet<String> known = new TreeSet<>();
      reference.entrySet().forEach(e -> known.add(e.getKey()));
      throw new IllegalArgumentException(source + ": unknown config key(s) " + unknown
          + "; known keys: " + known);
    }
  }

  /**
   * Training images in the Fashion-MNIST folder named by {@code key} (read from the IDX header),
   * so a missing dataset fails at plan time naming the key.
   */
  public static int trainImages(Config c, String key) {
    String dir = c.getString(key);
    try {
      return dev.flotilla.executors.data.FashionMnist.trainSize(java.nio.file.Path.of(dir));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(key + " = " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The config as it was used, for the manifest. */
  public static Map<String, Object> render(Config c) {
    return c.root().unwrapped();
  }
}
