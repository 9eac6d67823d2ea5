package dev.flotilla.datafiltering.curation;

import dev.flotilla.datafiltering.pool.Uids;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The uids a curation keeps, 16 bytes each: appended as the shards are streamed (each uid once:
 * the curation drops second copies before it adds), then sorted once for DataComp's
 * {@code uids.npy} and for membership by binary search. A hash set of the same uids takes 34-68
 * bytes each (as strings ~150), which at 10^7 pairs kept was most of the curation's heap.
 * Not thread-safe.
 */
public final class KeptUids {

  private long[] high;
  private long[] low;
  private int size;
  private boolean sorted = true;

  /** Starts small and grows by half as uids come. */
  public KeptUids() {
    this(1024);
  }

  /**
   * Room for {@code expected} uids at once (the curation knows how many it keeps from the
   * threshold's pass): millions of uids then take one pair of arrays, not a chain of copies.
   */
  public KeptUids(long expected) {
    if (expected < 0 || expected > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("expected uids must be in [0, 2^31 - 9], got " + expected);
    }
    high = new long[(int) Math.max(16, expected)];
    low = new long[high.length];
  }

  public void add(String uid) {
    if (size == high.length) {
      high = Arrays.copyOf(high, Math.max(16, size + (size >> 1)));
      low = Arrays.copyOf(low, high.length);
    }
    high[size] = Uids.high(uid);
    low[size++] = Uids.low(uid);
    sorted = false;
  }

  public int size() {
    return size;
  }

  /**
   * Whether {@code uid} was kept (false for anything that is not a uid, as a set of strings would
   * answer). The first call after an add sorts everything again: add first, then ask.
   */
  public boolean contains(String uid) {
    if (!Uids.isValid(uid)) {
      return false;
    }
    sort();
    long h = Uids.high(uid);
    long l = Uids.low(uid);
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = Long.compareUnsigned(high[mid], h);
      if (c == 0) {
        c = Long.compareUnsigned(low[mid], l);
      }
      if (c == 0) {
        return true;
      }
      if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return false;
  }

  /** Writes the uids as DataComp's sorted {@code u8,u8} array ({@link UidArray}). */
  public void writeNpy(OutputStream out) throws IOException {
    sort();
    UidArray.writeSorted(out, high, low, size);
  }

  private void sort() {
    if (!sorted) {
      UidArray.sortUnsigned(high, low, size); // in place: the sort and the search see only the uids
      sorted = true;
    }
  }
}
