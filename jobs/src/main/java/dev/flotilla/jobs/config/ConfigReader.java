package dev.flotilla.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
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

  public ConfigReader(Config resolved) {
    this.config = resolved;
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
    long v = integral(key, valueOf(key));
    if (v < min || v > max) {
      throw error(key, range(min, max));
    }
    return (int) v;
  }

  public int intAtLeast(String key, int min) {
    return intIn(key, min, Integer.MAX_VALUE);
  }

  public long longAtLeast(String key, long min) {
    long v = integral(key, valueOf(key));
    if (v < min) {
      throw error(key, "must be an integer >= " + min);
    }
    return v;
  }

  /** A finite number in [min, max]; pass -/+ infinity for an open side. */
  public double doubleIn(String key, double min, double max) {
    double v = number(key, valueOf(key));
    if (!(v >= min && v <= max)) {
      throw error(key, range(min, max));
    }
    return v;
  }

  /** A finite number > 0. */
  public double positive(String key) {
    double v = number(key, valueOf(key));
    if (!(v > 0) || Double.isInfinite(v)) {
      throw error(key, "must be a number > 0");
    }
    return v;
  }

  /** A fraction in (0, 1]. */
  public double fraction(String key) {
    double v = number(key, valueOf(key));
    if (!(v > 0 && v <= 1)) {
      throw error(key, "must be a fraction in (0, 1]");
    }
    return v;
  }

  public List<String> stringList(String key, boolean nonEmpty) {
    List<String> out = new ArrayList<>();
    for (ConfigValue v : list(key, nonEmpty)) {
      if (v.valueType() != ConfigValueType.STRING) {
        throw error(key, "entries must be strings, got " + v.render());
      }
      out.add((String) v.unwrapped());
    }
    return out;
  }

  /** Integers, each >= {@code min}. */
  public List<Integer> intList(String key, int min, boolean nonEmpty) {
    List<Integer> out = new ArrayList<>();
    for (ConfigValue v : list(key, nonEmpty)) {
      long n = integral(key, v);
      if (n < min || n > Integer.MAX_VALUE) {
        throw error(key, "entries must be integers >= " + min + ", got " + v.render());
      }
      out.add((int) n);
    }
    return out;
  }

  /** Numbers, each > 0. */
  public List<Double> positiveList(String key, boolean nonEmpty) {
    List<Double> out = new ArrayList<>();
    for (ConfigValue v : list(key, nonEmpty)) {
      double d = number(key, v);
      if (!(d > 0) || Double.isInfinite(d)) {
        throw error(key, "entries must be numbers > 0, got " + v.render());
      }
      out.add(d);
    }
    return out;
  }

  /** Lists of integers >= {@code min} (e.g. layer widths per model). */
  public List<List<Integer>> intLists(String key, int min, boolean nonEmpty) {
    List<List<Integer>> out = new ArrayList<>();
    for (ConfigValue v : list(key, nonEmpty)) {
      if (!(v instanceof ConfigList inner) || inner.isEmpty()) {
        throw error(key, "each entry must be a non-empty list of integers >= " + min + ", got "
            + v.render());
      }
      List<Integer> ints = new ArrayList<>();
      for (ConfigValue x : inner) {
        long n = integral(key, x);
        if (n < min || n > Integer.MAX_VALUE) {
          throw error(key, "each entry must be a list of integers >= " + min + ", got " + v.render());
        }
        ints.add((int) n);
      }
      out.add(List.copyOf(ints));
    }
    return out;
  }

  /** Non-empty lists of strings (e.g. domain names per difficulty group). */
  public List<List<String>> stringLists(String key, boolean nonEmpty) {
    List<List<String>> out = new ArrayList<>();
    for (ConfigValue v : list(key, nonEmpty)) {
      if (!(v instanceof ConfigList inner) || inner.isEmpty()
          || inner.stream().anyMatch(x -> x.valueType() != ConfigValueType.STRING)) {
        throw error(key, "each entry must be a non-empty list of strings, got "
            + v.render(ConfigRenderOptions.concise()));
      }
      out.add(inner.stream().map(x -> (String) x.unwrapped()).toList());
    }
    return out;
  }

  /** An error about {@code key} that names where it was set and its value. */
  public IllegalArgumentException error(String key, String rule) {
    String value = config.hasPathOrNull(key) ? render(config.getValue(key)) : "(missing)";
    return new IllegalArgumentException(where(key) + key + " = " + value + ": " + rule);
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

  private double number(String key, ConfigValue v) {
    Object o = v.unwrapped();
    if (o instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isNaN(d)) {
        throw error(key, "must be a number");
      }
      return d;
    }
    if (o instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw error(key, "must be a number, got " + v.render());
  }

  private long integral(String key, ConfigValue v) {
    double d = number(key, v);
    if (d != Math.rint(d) || Math.abs(d) > 9.0e15) {
      throw error(key, "must be a whole number, got " + v.render());
    }
    return (long) d;
  }

  private static String range(double min, double max) {
    if (max == Double.POSITIVE_INFINITY || max == Integer.MAX_VALUE) {
      return "must be >= " + fmt(min);
    }
    if (min == Double.NEGATIVE_INFINITY) {
      return "must be <= " + fmt(max);
    }
    return "must be in [" + fmt(min) + ", " + fmt(max) + "]";
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  private static String render(ConfigValue v) {
    return v.valueType() == ConfigValueType.STRING ? (String) v.unwrapped() : v.render();
  }
}
