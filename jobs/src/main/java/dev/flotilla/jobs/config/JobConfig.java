package dev.flotilla.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
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
    if (file.isDirectory()) {
      throw new IllegalArgumentException("config file " + file + " is a folder; give the job's .conf file");
    }
    if (!file.isFile()) {
      throw new IllegalArgumentException("config file " + file + " does not exist");
    }
    try {
      Config user = ConfigFactory.parseFile(file,
          ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
      return withOverrides(user, overrides, file.getPath());
    } catch (ConfigException e) {
      // Not HOCON, a bad substitution, a wrong type: a config error (exit 2), never a crash.
      throw new IllegalArgumentException(e.getMessage(), e);
    }
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
      merged = override(key, value, kv).withFallback(merged);
    }
    if (!merged.hasPath("job")) {
      throw new IllegalArgumentException(source + ": missing key 'job' (the job kind, e.g. job = sweep)");
    }
    String kind = merged.getString("job");
    Config reference = reference(kind);
    rejectUnknown(merged, reference, source);
    return merged.withFallback(reference).resolve();
  }

  /**
   * One {@code --set}: the value as HOCON when it parses with nothing dropped, else the literal
   * string. A HOCON comment start ({@code #} or {@code //}) outside quotes would silently cut the
   * value ({@code /tmp/exp#3/run} became {@code /tmp/exp}), so such values are literal strings;
   * values that look like HOCON structure ({@code [ { "}) but do not parse whole are errors.
   */
  static Config override(String key, String value, String kv) {
    boolean structured = value.startsWith("[") || value.startsWith("{") || value.startsWith("\"");
    boolean cut = commentOutsideQuotes(value);
    if (!cut) {
      try {
        return ConfigFactory.parseString(key + " = " + value,
            ConfigParseOptions.defaults().setOriginDescription("--set " + kv));
      } catch (ConfigException e) {
        if (structured) {
          throw new IllegalArgumentException("--set " + key + ": the value " + value
              + " is not valid HOCON: " + e.getMessage(), e);
        }
      }
    } else if (structured) {
      throw new IllegalArgumentException("--set " + key + ": the value " + value + " holds a HOCON "
          + "comment start (# or //) outside quotes; quote the strings inside it");
    }
    // A bare string that is not HOCON, or would be cut by a comment: take it literally.
    return ConfigFactory.parseMap(Map.of(key, value), "--set " + kv);
  }

  private static boolean commentOutsideQuotes(String v) {
    boolean quoted = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\\' && quoted) {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == '#' || (c == '/' && i + 1 < v.length() && v.charAt(i + 1) == '/'))) {
        return true;
      }
    }
    return false;
  }

  /** The job's reference defaults: engine keys plus {@code <kind>.conf}. */
  public static Config reference(String kind) {
    Config engine = ConfigFactory.parseResources(JobConfig.class, "/dev/flotilla/jobs/engine.conf",
        ConfigParseOptions.defaults().setAllowMissing(false));
    Config job = ConfigFactory.parseResources(JobConfig.class, "/dev/flotilla/jobs/" + kind + ".conf",
        ConfigParseOptions.defaults().setAllowMissing(true));
    if (job.isEmpty()) {
      throw new UnknownJobKindException("unknown job kind '" + kind + "'");
    }
    return job.withFallback(engine).withFallback(ConfigFactory.parseMap(Map.of("job", kind)));
  }

  private static void rejectUnknown(Config user, Config reference, String source) {
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
      String key = e.getKey();
      if (!reference.hasPathOrNull(key) && !inOpenMap(reference, key)) {
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

  /** Under a reference key whose default is an empty object ({@code engine.spark-conf {}}): any key. */
  private static boolean inOpenMap(Config reference, String key) {
    List<String> path = ConfigUtil.splitPath(key);
    for (int i = 1; i < path.size(); i++) {
      String prefix = ConfigUtil.joinPath(path.subList(0, i));
      if (reference.hasPath(prefix) && reference.getValue(prefix) instanceof ConfigObject o && o.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Training images in the Fashion-MNIST folder named by {@code key} (read from the IDX header),
   * so a missing dataset fails at plan time naming the key.
   */
  public static int trainImages(Config c, String key) {
    String dir = c.getString(key);
    try {
      return dev.flotilla.executors.data.FashionMnist.trainSize(dir, PlanTimeHadoop.of(c));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(key + " = " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The config as it was used, for the manifest. */
  public static Map<String, Object> render(Config c) {
    return c.root().unwrapped();
  }
}
