package dev.flotilla.executors.unit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one cache of an executor JVM (Caffeine, bounded by weight), seen by each unit attempt
 * through a {@link Holds} view that remembers what the unit took, so that a closeable value
 * evicted while a unit still uses it is closed only after that unit returns.
 *
 * <p>Default bound: a quarter of the maximum heap. The values are mostly heap data (the
 * Fashion-MNIST splits as floats: 188 MB train, 31 MB test) and small native models (the DFN
 * filtering network: ~1 MB); the rest of the heap is the units' own (batches, readers, Spark's
 * task memory). A 1 GB executor (local-cluster's default) keeps both splits; a smaller one
 * re-reads a split that does not fit, which costs time, never a result. No configuration key:
 * the bound follows {@code -Xmx}, which is already what a user sizes.
 */
final class ExecutorCache {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorCache.class);

  private final Cache<String, Entry> cache;

  ExecutorCache(long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be >= 1, got " + maxBytes);
    }
    this.cache = Caffeine.newBuilder()
        .maximumWeight(kib(maxBytes))
        .weigher((String key, Entry e) -> e.kib)
        // Eviction (and closing) runs on the thread that caused it: no background pool, and
        // a test sees its effect when the call returns.
        .executor(Runnable::run)
        .removalListener((String key, Entry e, RemovalCause cause) -> {
          if (e != null) {
            e.evict(key);
          }
        })
        .build();
  }

  /** A quarter of the maximum heap (see the class comment). */
  static ExecutorCache withDefaultBound() {
    return new ExecutorCache(Math.max(16L << 20, Runtime.getRuntime().maxMemory() / 4));
  }

  /** The view of one unit attempt; {@link Holds#release} when the unit returns. */
  Holds holds() {
    return new Holds();
  }

  /** Estimated bytes held now (for tests and logs). */
  long weightedBytes() {
    cache.cleanUp();
    return cache.policy().eviction().orElseThrow().weightedSize().orElse(0) * 1024;
  }

  private static int kib(long bytes) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, (bytes + 1023) / 1024));
  }

  /** What one unit attempt took from the cache. */
  final class Holds implements UnitCache {

    private final List<Entry> held = new ArrayList<>();

    @Override
    public <V> V get(String key, Class<V> type, Loader<V> loader, ToLongFunction<? super V> bytes)
        throws IOException {
      while (true) {
        Entry[] loaded = new Entry[1];
        Entry e;
        try {
          e = cache.get(key, k -> {
            V v;
            try {
              v = loader.load();
            } catch (IOException io) {
              throw new UncheckedIOException(io);
            }
            loaded[0] = new Entry(v, kib(bytes.applyAsLong(v)));
            return loaded[0];
          });
        } catch (UncheckedIOException io) {
          throw io.getCause();
        }
        if (!type.isInstance(e.value)) {
          throw new IllegalStateException("cache key '" + key + "' holds a "
              + e.value.getClass().getName() + ", not a " + type.getName());
        }
        // The value this call loaded is born held (even if the bound evicted it at once, being
        // heavier); another unit's value evicted since the lookup is no longer shared: look again.
        if (e == loaded[0] || e.hold()) {
          synchronized (held) {
            held.add(e);
          }
          return type.cast(e.value);
        }
      }
    }

    /** Lets go of everything this unit took; closes what was evicted meanwhile. */
    void release() {
      synchronized (held) {
        held.forEach(Entry::release);
        held.clear();
      }
    }
  }

  /** A cached value and how many running units hold it. */
  private static final class Entry {
    final Object value;
    final int kib;
    private int holders = 1; // by the unit that loaded it
    private boolean evicted;

    Entry(Object value, int kib) {
      this.value = value;
      this.kib = kib;
    }

    synchronized boolean hold() {
      if (evicted) {
        return false;
      }
      holders++;
      return true;
    }

    synchronized void release() {
      holders--;
      closeIfUnused();
    }

    synchronized void evict(String key) {
      evicted = true;
      LOG.debug("cache evicted {} ({} KiB, {} holders)", key, kib, holders);
      closeIfUnused();
    }

    private void closeIfUnused() {
      if (evicted && holders == 0 && value instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          LOG.warn("closing an evicted cache value failed", e);
        }
      }
    }
  }
}
