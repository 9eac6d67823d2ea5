package dev.flotilla.jobs.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;

/** How {@link ConfigReader} reads numbers and lists of them, and renders values in errors. */
final class ConfigValues {

  private ConfigValues() {}

  static double number(ConfigReader r, String key, ConfigValue v) {
    Object o = v.unwrapped();
    if (o instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isNaN(d)) {
        throw r.error(key, "must be a number");
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
    throw r.error(key, "must be a number, got " + render(v));
  }

  static long integral(ConfigReader r, String key, ConfigValue v) {
    double d = number(r, key, v);
    if (d != Math.rint(d) || Math.abs(d) > 9.0e15) {
      throw r.error(key, "must be a whole number, got " + render(v));
    }
    return (long) d;
  }

  static List<Double> numbers(ConfigReader r, String key, List<ConfigValue> values,
      DoublePredicate ok, String rule) {
    List<Double> out = new ArrayList<>();
    for (ConfigValue v : values) {
      double d = number(r, key, v);
      if (!ok.test(d) || Double.isInfinite(d)) {
        throw r.error(key, rule + ", got " + render(v));
      }
      out.add(d);
    }
    return out;
  }


  static List<List<Integer>> intLists(ConfigReader r, String key, List<ConfigValue> values, int min) {
    List<List<Integer>> out = new ArrayList<>();
    for (ConfigValue v : values) {
      if (!(v instanceof ConfigList inner) || inner.isEmpty()) {
        throw r.error(key, "each entry must be a non-empty list of integers >= " + min + ", got "
            + render(v));
      }
      List<Integer> ints = new ArrayList<>();
      for (ConfigValue x : inner) {
        long n = integral(r, key, x);
        if (n < min || n > Integer.MAX_VALUE) {
          throw r.error(key, "each entry must be a list of integers >= " + min + ", got " + render(v));
        }
        ints.add((int) n);
      }
      out.add(List.copyOf(ints));
    }
    return out;
  }

  static String range(double min, double max) {
    if (max == Double.POSITIVE_INFINITY || max == Integer.MAX_VALUE) {
      return "must be >= " + fmt(min);
    }
    if (min == Double.NEGATIVE_INFINITY) {
      return "must be <= " + fmt(max);
    }
    return "must be in [" + fmt(min) + ", " + fmt(max) + "]";
  }

  static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  /** A value as one line ({@code [1,-1]}): the default rendering spans lines with origin comments. */
  static String render(ConfigValue v) {
    return v.valueType() == ConfigValueType.STRING ? (String) v.unwrapped()
        : v.render(ConfigRenderOptions.concise());
  }
}
