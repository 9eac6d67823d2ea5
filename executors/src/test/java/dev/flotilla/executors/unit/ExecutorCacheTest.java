package dev.flotilla.executors.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExecutorCacheTest {

  private static final long MIB = 1 << 20;

  /** A closeable value (as a native model is) that records whether it was closed. */
  static final class Model implements AutoCloseable {
    final String name;
    volatile boolean closed;

    Model(String name) {
      this.name = name;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void unitsShareOneLoadPerKey() throws Exception {
    ExecutorCache cache = new ExecutorCache(100 * MIB);
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch loading = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      UnitCache.Loader<Model> slowLoad = () -> {
        loads.incrementAndGet();
        try {
          loading.await();
        } catch (InterruptedException e) {
          throw new java.io.InterruptedIOException();
        }
        return new Model("m");
      };
      Future<Model> a = pool.submit(() -> cache.holds().get("m", Model.class, slowLoad, m -> MIB));
      Future<Model> b = pool.submit(() -> cache.holds().get("m", Model.class, slowLoad, m -> MIB));
      Thread.sleep(200); // both are now waiting on the one load
      loading.countDown();
      assertThat(a.get()).isSameAs(b.get());
      assertThat(loads).hasValue(1);
      assertThat(cache.weightedBytes()).isEqualTo(MIB);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anEvictedModelIsClosedOnlyWhenTheLastUnitUsingItReturns() throws Exception {
    ExecutorCache cache = new ExecutorCache(10 * MIB);
    ExecutorCache.Holds scoring = cache.holds();
    Model first = scoring.get("first", Model.class, () -> new Model("first"), m -> 6 * MIB);
    ExecutorCache.Holds other = cache.holds();
    Model second = other.get("second", Model.class, () -> new Model("second"), m -> 6 * MIB);
    // 12 MiB do not fit in 10: one of the two is out of the cache, but both are still in use.
    assertThat(cache.weightedBytes()).isLessThanOrEqualTo(10 * MIB);
    assertThat(first.closed || second.closed).isFalse();
    scoring.release();
    other.release();
    assertThat(first.closed ^ second.closed).as("exactly the evicted one is closed").isTrue();
    Model kept = first.closed ? second : first;
    assertThat(cache.holds().get(kept.name, Model.class, () -> new Model("again"), m -> 6 * MIB))
        .isSameAs(kept);
  }

  @Test
  void aValueHeavierThanTheBoundIsServedToItsUnitAndClosedAfterIt() throws Exception {
    ExecutorCache cache = new ExecutorCache(MIB);
    ExecutorCache.Holds unit = cache.holds();
    Model big = unit.get("big", Model.class, () -> new Model("big"), m -> 2 * MIB);
    assertThat(big.closed).isFalse();
    assertThat(cache.weightedBytes()).isZero();
    unit.release();
    assertThat(big.closed).isTrue();
  }

  @Test
  void aFailedLoadIsRethrownAndNotCached() throws Exception {
    ExecutorCache cache = new ExecutorCache(MIB);
    assertThatThrownBy(() -> cache.holds().get("k", String.class, () -> {
      throw new IOException("no such file /x");
    }, s -> 1)).isInstanceOf(IOException.class).hasMessage("no such file /x");
    assertThat(cache.holds().get("k", String.class, () -> "loaded", s -> 1)).isEqualTo("loaded");
  }

  @Test
  void aKeyHoldingAnotherTypeIsAnErrorNamingTheKey() throws Exception {
    ExecutorCache cache = new ExecutorCache(MIB);
    cache.holds().get("data", String.class, () -> "text", s -> 1);
    assertThatThrownBy(() -> cache.holds().get("data", Integer.class, () -> 1, i -> 1))
        .hasMessage("cache key 'data' holds a java.lang.String, not a java.lang.Integer");
  }
}
