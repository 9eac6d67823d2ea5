package dev.flotilla.executors.unit;

import java.io.IOException;
import java.util.function.ToLongFunction;

/**
 * Values shared by the units of one executor JVM: a data set read once, a model loaded once.
 *
 * <p>The cache is bounded, so a value may be evicted and loaded again later: a loader must be a
 * pure function of its key. Units of other task slots get the same instance, so a value must be
 * immutable or thread-safe, or its users synchronize on it. A value that is {@link AutoCloseable}
 * (a native model) is closed by the cache once it has been evicted and every unit that got it
 * has returned; units never close what they get from here.
 */
public interface UnitCache {

  /** Makes the value of a key; may throw IOException (rethrown by {@link #get}). */
  @FunctionalInterface
  interface Loader<V> {
    V load() throws IOException;
  }

  /**
   * The value under {@code key}, loaded by {@code loader} if absent (one load per key at a time;
   * concurrent callers of the same key wait for it).
   *
   * @param type the value's type; a key holding another type is an error naming both
   * @param bytes the value's size in memory (heap or native), which the bound counts
   */
  <V> V get(String key, Class<V> type, Loader<V> loader, ToLongFunction<? super V> bytes)
      throws IOException;

  /** No sharing: every call loads. For code that runs outside units (benchmarks, commands). */
  static UnitCache none() {
    return new UnitCache() {
      @Override
      public <V> V get(String key, Class<V> type, Loader<V> loader, ToLongFunction<? super V> bytes)
          throws IOException {
        return loader.load();
      }
    };
  }
}
