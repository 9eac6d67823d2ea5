package dev.flotilla.executors.backend;

import dev.flotilla.executors.unit.ComputeBudget;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * What one backend (a library: {@code djl}, {@code dl4j}) builds for one {@link ModelFamily}.
 * Implementations are stateless and thread-safe; the models they build are not. Each is a service
 * listed in {@code META-INF/services/dev.flotilla.executors.backend.ModelFactory} of its module,
 * which is how {@link Backends} finds it: adding a backend or a family touches no registry code.
 *
 * <p>The {@link ComputeBudget} goes with every model: a model applies its cores to its library's
 * thread pools itself (per thread where the library allows it), so units with different budgets
 * can share a JVM.
 */
public interface ModelFactory<S, M extends AutoCloseable> {

  /** The backend's name in configs: {@code djl} or {@code dl4j}. */
  String backend();

  ModelFamily<S, M> family();

  /** The kinds of the family's specs this backend builds (e.g. {@code mlp}, {@code cnn}). */
  Set<String> kinds();

  /** A freshly initialized model; same seed, same initial weights. */
  M build(S spec, long seed, ComputeBudget budget);

  /** A model restored from what the model saved. */
  M restore(S spec, InputStream state, ComputeBudget budget) throws IOException;

  /** True if {@link #restore} brings back the optimizer state too (not only the weights). */
  boolean restoresOptimizerState();
}
