package dev.flotilla.executors.backend;

import dev.flotilla.executors.backend.djl.DjlBackend;
import dev.flotilla.executors.backend.dl4j.Dl4jBackend;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The backends by config name. The first is the default (the faster one, see bench-backends). */
public final class Backends {

  private static final Map<String, Backend> ALL = new LinkedHashMap<>();

  static {
    register(new DjlBackend());
    register(new Dl4jBackend());
  }

  private Backends() {}

  private static void register(Backend b) {
    ALL.put(b.name(), b);
  }

  public static String defaultName() {
    return ALL.keySet().iterator().next();
  }

  public static Set<String> names() {
    return ALL.keySet();
  }

  public static Backend get(String name) {
    Backend b = ALL.get(name);
    if (b == null) {
      throw new IllegalArgumentException("unknown backend '" + name + "'; known: " + ALL.keySet());
    }
    return b;
  }

  /**
   * The backend {@code name}, checked to build {@code modelKind}. Called at plan time so a
   * missing kind fails before anything runs.
   */
  public static Backend require(String name, String modelKind) {
    Backend b = get(name);
    if (!b.modelKinds().contains(modelKind)) {
      throw new IllegalArgumentException("backend '" + name + "' has no model kind '" + modelKind
          + "'; it has " + b.modelKinds() + " (backends with it: " + withKind(modelKind) + ")");
    }
    return b;
  }

  private static Set<String> withKind(String kind) {
    Set<String> out = new java.util.LinkedHashSet<>();
    ALL.forEach((n, b) -> {
      if (b.modelKinds().contains(kind)) {
        out.add(n);
      }
    });
    return out;
  }
}
