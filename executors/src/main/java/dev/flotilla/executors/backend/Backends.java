package dev.flotilla.executors.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The registry of backends: every {@link ModelFactory} service on the class path, looked up by
 * backend name and {@link ModelFamily}. Jobs call {@link #require} at plan time, so a backend that
 * lacks a family or a kind fails before anything runs, naming the backends that have it.
 * Executors ({@code djl}, {@code dl4j}: classifiers and language models), ensembles (nested
 * networks) and data-filtering (filtering networks) each contribute their own factories, so
 * executors never depends on the modules that add families.
 */
public final class Backends {

  private static volatile List<ModelFactory<?, ?>> factories;
  /** Factories whose library is not on the class path (the DJL-only jar has no DL4J), and why. */
  private static volatile Set<String> unloadable = Set.of();

  private Backends() {}

  /** Every backend name, sorted. */
  public static Set<String> names() {
    Set<String> out = new TreeSet<>();
    all().forEach(f -> out.add(f.backend()));
    return out;
  }

  /** What backend {@code name} builds for {@code family}. */
  public static <S, M extends AutoCloseable> ModelFactory<S, M> get(String name, ModelFamily<S, M> family) {
    for (ModelFactory<?, ?> f : all()) {
      if (f.backend().equals(name) && f.family().equals(family)) {
        @SuppressWarnings("unchecked") // the family, with its spec and model types, matched
        ModelFactory<S, M> typed = (ModelFactory<S, M>) f;
        return typed;
      }
    }
    if (!names().contains(name)) {
      throw new IllegalArgumentException("unknown backend '" + name + "'; known: " + names() + unloadableNote());
    }
    throw new IllegalArgumentException("backend '" + name + "' builds no " + family + " models"
        + " (backends that do: " + withFamily(family) + ")" + unloadableNote());
  }

  /** Backend {@code name}, checked to build {@code kind} of {@code family}: the plan-time check. */
  public static <S, M extends AutoCloseable> ModelFactory<S, M> require(String name,
      ModelFamily<S, M> family, String kind) {
    ModelFactory<S, M> f = get(name, family);
    if (!f.kinds().contains(kind)) {
      throw new IllegalArgumentException("backend '" + name + "' has no " + family + " kind '" + kind
          + "'; it has " + new TreeSet<>(f.kinds()) + " (backends with it: " + withKind(family, kind) + ")");
    }
    return f;
  }

  /**
   * The one backend that builds {@code kind} of {@code family}, for specs whose kind names their
   * backend (language models, nested and filtering networks carry no backend name).
   */
  public static <S, M extends AutoCloseable> ModelFactory<S, M> forKind(ModelFamily<S, M> family, String kind) {
    Set<String> with = withKind(family, kind);
    if (with.size() != 1) {
      throw new IllegalArgumentException(with.isEmpty()
          ? "no backend builds " + family + " kind '" + kind + "' (kinds: " + kinds(family) + ")"
          : family + " kind '" + kind + "' is built by several backends " + with
              + "; its spec must name one");
    }
    return get(with.iterator().next(), family);
  }

  private static Set<String> withFamily(ModelFamily<?, ?> family) {
    Set<String> out = new TreeSet<>();
    all().stream().filter(f -> f.family().equals(family)).forEach(f -> out.add(f.backend()));
    return out;
  }

  private static Set<String> withKind(ModelFamily<?, ?> family, String kind) {
    Set<String> out = new TreeSet<>();
    all().stream().filter(f -> f.family().equals(family) && f.kinds().contains(kind))
        .forEach(f -> out.add(f.backend()));
    return out;
  }

  private static Set<String> kinds(ModelFamily<?, ?> family) {
    Set<String> out = new TreeSet<>();
    all().stream().filter(f -> f.family().equals(family)).forEach(f -> out.addAll(f.kinds()));
    return out;
  }

  private static List<ModelFactory<?, ?>> all() {
    List<ModelFactory<?, ?>> local = factories;
    if (local == null) {
      synchronized (Backends.class) {
        if (factories == null) {
          factories = load();
        }
        local = factories;
      }
    }
    return local;
  }

  private static String unloadableNote() {
    return unloadable.isEmpty() ? "" : "; not loadable in this build: " + String.join(", ", unloadable)
        + " (the default flotilla.jar is DJL-only, flotilla-dl4j.jar has both backends)";
  }

  private static List<ModelFactory<?, ?>> load() {
    List<ModelFactory<?, ?>> found = new ArrayList<>();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    Set<String> absent = new TreeSet<>();
    java.util.Iterator<ModelFactory> providers = ServiceLoader.load(ModelFactory.class, loader).iterator();
    while (true) {
      ModelFactory<?, ?> f;
      try {
        if (!providers.hasNext()) {
          break;
        }
        f = providers.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        // A provider whose library is absent: the iterator goes on with the next one.
        Throwable root = e;
        while (root.getCause() != null) {
          root = root.getCause();
        }
        String who = e.getMessage() == null ? "a backend" : e.getMessage().replaceFirst("^[^:]*: ", "")
            .replaceFirst(" .*", "");
        absent.add(who.substring(who.lastIndexOf('.') + 1) + " (missing " + root.getMessage() + ")");
        continue;
      }
      for (ModelFactory<?, ?> other : found) {
        if (other.backend().equals(f.backend()) && other.family().name().equals(f.family().name())) {
          throw new IllegalStateException("backend '" + f.backend() + "' registers " + f.family()
              + " models twice: " + other.getClass().getName() + " and " + f.getClass().getName());
        }
      }
      found.add(f);
    }
    unloadable = Set.copyOf(absent);
    return List.copyOf(found);
  }
}
