package dev.flotilla.driver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.ConfigRedactor;
import org.apache.hadoop.conf.Configuration;

/**
 * Which passed-through Spark and Hadoop settings are credentials, so that their values reach no
 * run file (manifest, report) and no log line. A key is secret when Spark's redaction pattern
 * matches it (the default {@code spark.redaction.regex}, and the user's own if the passthrough
 * sets one) or when Hadoop's list of sensitive keys names it ({@code spark.hadoop.} stripped).
 * The two lists differ: only Spark's covers {@code fs.s3a.access.key}, only Hadoop's
 * {@code fs.azure.account.key.*}.
 */
public final class Redaction {

  /** What Spark itself shows in place of a secret. */
  public static final String REDACTED = "*********(redacted)";

  /** Spark 3.5's default {@code spark.redaction.regex}. */
  private static final Pattern SPARK_DEFAULT = Pattern.compile("(?i)secret|password|token|access[.]key");
  private static final String SPARK_REGEX_KEY = "spark.redaction.regex";
  private static final String HADOOP_PREFIX = "spark.hadoop.";
  private static final ConfigRedactor HADOOP = new ConfigRedactor(new Configuration(false));

  private Redaction() {}

  /** {@code sparkConf} with every secret value replaced by {@link #REDACTED}; sorted by key. */
  public static Map<String, String> redact(Map<String, String> sparkConf) {
    Pattern user = sparkConf.containsKey(SPARK_REGEX_KEY)
        ? Pattern.compile(sparkConf.get(SPARK_REGEX_KEY)) : null;
    Map<String, String> out = new TreeMap<>();
    sparkConf.forEach((k, v) -> out.put(k, isSecret(k, user) ? REDACTED : v));
    return out;
  }

  /**
   * A resolved job config (nested maps, as the manifest records it) with the values of
   * {@code engine.spark-conf} redacted; the rest is copied as it is.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> redactConfig(Map<String, Object> config) {
    Map<String, Object> out = new LinkedHashMap<>(config);
    if (out.get("engine") instanceof Map<?, ?> engine
        && engine.get("spark-conf") instanceof Map<?, ?> passthrough) {
      Map<String, String> flat = new TreeMap<>();
      passthrough.forEach((k, v) -> flat.put(String.valueOf(k), String.valueOf(v)));
      Map<String, Object> e = new LinkedHashMap<>((Map<String, Object>) engine);
      e.put("spark-conf", redact(flat));
      out.put("engine", e);
    }
    return out;
  }

  static boolean isSecret(String key, Pattern user) {
    if (SPARK_DEFAULT.matcher(key).find() || (user != null && user.matcher(key).find())) {
      return true;
    }
    String hadoopKey = key.startsWith(HADOOP_PREFIX) ? key.substring(HADOOP_PREFIX.length()) : key;
    String probe = "value";
    return !probe.equals(HADOOP.redact(hadoopKey, probe));
  }
}
