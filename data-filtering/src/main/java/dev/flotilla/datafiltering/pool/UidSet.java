package dev.flotilla.datafiltering.pool;

/**
 * A set of 128-bit uids stored as two longs each in open-addressed arrays, at most half full:
 * 34-68 bytes per uid (a {@code HashSet<String>} needs about 150), so a scorer can detect duplicate uids in a
 * shard of millions of pairs without holding the shard. Not thread-safe.
 */
public final class UidSet {

  private static final int SMALLEST = 2048;

  private long[] high;
  private long[] low;
  private boolean[] used;
  private int size;

  public UidSet() {
    this(0);
  }

  /**
   * A set with room for {@code expected} uids before it grows (0 or less: the smallest): a scorer that knows its shard's
   * size allocates its arrays once, where growing by doubling leaves each smaller pair behind
   * as garbage that lives about as long as the unit (and so is promoted before it dies).
   */
  public UidSet(long expected) {
    long slots = SMALLEST;
    while (slots < 2 * expected && slots < (1 << 30)) {
      slots *= 2;
    }
    high = new long[(int) slots];
    low = new long[(int) slots];
    used = new boolean[(int) slots];
  }

  /** Adds {@code uid}; false if it was already there. */
  public boolean add(String uid) {
    return add(Uids.high(uid), Uids.low(uid));
  }

  /** Adds the uid with these high and low 64-bit halves; false if it was already there. */
  public boolean add(long uidHigh, long uidLow) {
    if (2 * (size + 1) > used.length) {
      grow();
    }
    return insert(uidHigh, uidLow);
  }

  /** Receives a uid as its high and low halves. */
  @FunctionalInterface
  public interface PairConsumer {
    void accept(long high, long low) throws java.io.IOException;
  }

  /** Every uid of the set, in no particular order. */
  public void forEach(PairConsumer sink) throws java.io.IOException {
    for (int i = 0; i < used.length; i++) {
      if (used[i]) {
        sink.accept(high[i], low[i]);
      }
    }
  }

  public boolean contains(String uid) {
    long h = Uids.high(uid);
    long l = Uids.low(uid);
    int mask = used.length - 1;
    int i = (int) mix(h ^ (l * 0x9E3779B97F4A7C15L)) & mask;
    while (used[i]) {
      if (high[i] == h && low[i] == l) {
        return true;
      }
      i = (i + 1) & mask;
    }
    return false;
  }

  public int size() {
    return size;
  }

  private boolean insert(long h, long l) {
    int mask = used.length - 1;
    int i = (int) mix(h ^ (l * 0x9E3779B97F4A7C15L)) & mask;
    while (used[i]) {
      if (high[i] == h && low[i] == l) {
        return false;
      }
      i = (i + 1) & mask;
    }
    used[i] = true;
    high[i] = h;
    low[i] = l;
    size++;
    return true;
  }

  private void grow() {
    long[] oh = high;
    long[] ol = low;
    boolean[] ou = used;
    high = new long[oh.length * 2];
    low = new long[oh.length * 2];
    used = new boolean[oh.length * 2];
    size = 0;
    for (int i = 0; i < ou.length; i++) {
      if (ou[i]) {
        insert(oh[i], ol[i]);
      }
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
