package dev.flotilla.executors.unit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Registry of unit kinds: the name a unit carries on the wire to the record class that
 * implements it. Filled from {@link UnitKindProvider} services, so executors find the same kinds
 * as the driver without Java class names ever appearing in configs or manifests.
 */
public final class UnitKinds {

  private static volatile Map<String, Class<? extends WorkUnit>> kinds;

  private UnitKinds() {}

  public static Class<? extends WorkUnit> classOf(String kind) {
    Class<? extends WorkUnit> type = all().get(kind);
    if (type == null) {
      throw new IllegalArgumentException(
          "unknown unit kind '" + kind + "'; known kinds: " + all().keySet());
    }
    return type;
  }

  public static Set<String> names() {
    return all().keySet();
  }

  private static Map<String, Class<? extends WorkUnit>> all() {
    Map<String, Class<? extends WorkUnit>> local = kinds;
    if (local == null) {
      synchronized (UnitKinds.class) {
        if (kinds == null) {
          Map<String, Class<? extends WorkUnit>> found = new LinkedHashMap<>();
          ClassLoader loader = Thread.currentThread().getContextClassLoader();
          for (UnitKindProvider provider : ServiceLoader.load(UnitKindProvider.class, loader)) {
            provider.unitKinds().forEach((name, type) -> {
              Class<? extends WorkUnit> previous = found.putIfAbsent(name, type);
              if (previous != null && previous != type) {
                throw new IllegalStateException("unit kind '" + name + "' is registered twice: "
                    + previous.getName() + " and " + type.getName());
              }
            });
          }
          kinds = Map.copyOf(found);
        }
        local = kinds;
      }
    }
    return local;
  }
}
