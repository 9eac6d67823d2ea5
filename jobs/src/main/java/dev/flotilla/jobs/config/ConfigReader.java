package dev.flotilla.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The one way job configs are read: typed getters that check a key's value and, when it is wrong,
 * fail with {@code <file>:<line>: <key> = <value>: <what is allowed>}. Numbers are never coerced
 * with loss ({@code 12.5} is not an int), and lists that must hold something are never empty.
 * Immutable; wraps a resolved config.
 */
public final class ConfigReader {

  private final Config config;
  /** How this reader's keys are named in errors: "" or, for a list entry, e.g. {@code a.b[1].}. */
  private final String prefix;

  public ConfigReader(Config resolved) {
    this(resolved, "");
  }

  private ConfigReader(Config resolved, String prefix) {
    this.config = resolved;
    this.prefix = prefix;
  }

  public Config config() {
    return config;
  }

  public boolean has(String key) {
    return config.hasPath(key);
  }

  public String string(String key) {
    return scalar(key, ConfigValueType.STRING, "a string").unwrapped().toString();
  }

  /** A non-blank string, e.g. a path or a name. */
  public String nonBlank(String key) {
    String s = string(key);
    if (s.isBlank()) {
      throw error(key, "must not be empty");
    }
    return s;
  }

  public String oneOf(String key, Collection<String> allowed) {
    String s = string(key);
    if (!allowed.contains(s)) {
      throw error(key, "must be one of " + allowed);
    }
    return s;
  }

  public boolean bool(String key) {
    try {
      return config.getBoolean(key);
    } catch (ConfigException.WrongType e) {
      throw error(key, "must be true or false");
    }
  }

  public int intIn(String key, int min, int max) {
    long v = ConfigValues.integral(this, key, valueOf(key));
    if (v < min || v > max) {
      throw error(key, ConfigValues.range(min, max));
    }
    return (int) v;
  }

  public int intAtLeast(String key, int min) {
    return intIn(key, min, Integer.MAX_VALUE);
  }

  public long longAtLeast(String key, long min) {
    long v = ConfigValues.integral(this, key, valueOf(key));
    if (v < min) {
      throw error(key, "must be an integer >= " + min);
    }
    return v;
  }

  /** A finite number in [min, max]; pass -/+ infinity for an open side. */
  public double doubleIn(String key, double min, double max) {
    double v = ConfigValues.number(this, key, valueOf(key));
    if (!(v >= min && v <= max)) {
      throw error(key, ConfigValues.range(min, max));
    }
    return v;
  }

  /** A finite number > 0. */
  public double positive(String key) {
    double v = ConfigValues.number(this, key, valueOf(key));
    if (!(v > 0) || Double.isInfinite(v)) {
      throw error(key, "must be a number > 0");
    }
    return v;
  }

  /** A fraction in (0, 1]. */
  public double fraction(String key) {
    double v = ConfigValues.number(this, key, valueOf(key));
    if (!(v > 0 && v <= 1)) {
      throw error(key, "must be a fraction in (0, 1]");
    }
    return v;
  }

  public List<String> stringList(String key, boolean nonEmpty) {
    List<String> out = new ArrayList<>();
    for (ConfigValue v : list(key, nonEmpty)) {
      if (v.valueType() != ConfigValueType.STRING) {
        throw error(key, "entries must be strings, got " + ConfigValues.render(v));
      }
      out.add((String) v.unwrapped());
    }
    return out;
  }

  /** Integers, each >= {@code min}. */
  public List<Integer> intList(String key, int min, boolean nonEmpty) {
    List<Integer> out = new ArrayList<>();
    for (ConfigValue v : list(key, nonEmpty)) {
      long n = ConfigValues.integral(this, key, v);
      if (n < min || n > Integer.MAX_VALUE) {
        throw error(key, "entries must be integers >= " + min + ", got " + ConfigValues.render(v));
      }
      out.add((int) n);
    }
    return out;
  }

  /** Numbers, each > 0. */
  public List<Double> positiveList(String key, boolean nonEmpty) {
    return ConfigValues.numbers(this, key, list(key, nonEmpty), d -> d > 0, "entries must be numbers > 0");
  }

  /** Numbers, each >= 0 (durations, probabilities). */
  public List<Double> nonNegativeList(String key, boolean nonEmpty) {
    return ConfigValues.numbers(this, key, list(key, nonEmpty), d -> d >= 0,
        "entries must be numbers >= 0");
  }

  /** Numbers, each in [min, max] (e.g. probabilities, which may be 0). */
  public List<Double> doubleList(String key, double min, double max, boolean nonEmpty) {
    return ConfigValues.numbers(this, key, list(key, nonEmpty), d -> d >= min && d <= max,
        "entries must be numbers in [" + ConfigValues.fmt(min) + ", " + ConfigValues.fmt(max) + "]");
  }

  /** Lists of integers >= {@code min} (e.g. layer widths per model). */
  public List<List<Integer>> intLists(String key, int min, boolean nonEmpty) {
    return ConfigValues.intLists(this, key, list(key, nonEmpty), min);
  }

  /**
   * The entries of a list of objects (e.g. one per training), each a reader whose errors name
   * keys as {@code key[i].name}.
   */
  public List<ConfigReader> objectList(String key, boolean nonEmpty) {
    List<ConfigReader> out = new ArrayList<>();
    for (ConfigValue v : list(key, nonEmpty)) {
      if (!(v instanceof ConfigObject o)) {
        throw error(key, "entries must be objects, got " + ConfigValues.render(v));
      }
      out.add(new ConfigReader(o.toConfig(), prefix + key + "[" + out.size() + "]."));
    }
    return out;
  }

  /** Refuses keys other than {@code known} (a list entry has no reference to catch typos). */
  public void onlyKeys(Collection<String> known) {
    for (String k : config.root().keySet()) {
      if (!known.contains(k)) {
        throw error(k, "unknown key; known: " + known);
      }
    }
  }

  /** Non-empty lists of strings (e.g. domain names per difficulty group). */
  public List<List<String>> stringLists(String key, boolean nonEmpty) {
    List<List<String>> out = new ArrayList<>();
    for (ConfigValue v : list(key, nonEmpty)) {
      if (!(v instanceof ConfigList inner) || inner.isEmpty()
          || inner.stream().anyMatch(x -> x.valueType() != ConfigValueType.STRING)) {
        throw error(key, "each entry must be a non-empty list of strings, got "
            + ConfigValues.render(v));
      }
      out.add(inner.stream().map(x -> (String) x.unwrapped()).toList());
    }
    return out;
  }

  /** An error about {@code key} that names where it was set and its value. */
  public IllegalArgumentException error(String key, String rule) {
    String value = config.hasPathOrNull(key) ? ConfigValues.render(config.getValue(key)) : "(missing)";
    return new IllegalArgumentException(where(key) + prefix + key + " = " + value + ": " + rule);
  }

  /** {@code file:line: } of a key, or the origin's description (e.g. {@code --set k=v: }). */
  public String where(String key) {
    if (!config.hasPathOrNull(key)) {
      return "";
    }
    ConfigOrigin o = config.getValue(key).origin();
    if (o.filename() != null) {
      return o.filename() + (o.lineNumber() > 0 ? ":" + o.lineNumber() : "") + ": ";
    }
    return o.description() + ": ";
  }

  private ConfigValue valueOf(String key) {
    if (!config.hasPath(key)) {
      throw error(key, "is required");
    }
    return config.getValue(key);
  }

  private ConfigValue scalar(String key, ConfigValueType type, String what) {
    ConfigValue v = valueOf(key);
    if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
      throw error(key, "must be " + what);
    }
    return v;
  }

  private List<ConfigValue> list(String key, boolean nonEmpty) {
    ConfigValue v = valueOf(key);
    if (!(v instanceof ConfigList l)) {
      throw error(key, "must be a list");
    }
    if (nonEmpty && l.isEmpty()) {
      throw error(key, "must not be empty");
    }
    return l;
  }

}
