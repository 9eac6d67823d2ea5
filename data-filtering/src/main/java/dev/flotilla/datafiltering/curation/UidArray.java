package dev.flotilla.datafiltering.curation;

import dev.flotilla.datafiltering.pool.UidSet;
import dev.flotilla.datafiltering.pool.Uids;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * DataComp's subset format: a NumPy {@code .npy} (version 1.0) array of dtype {@code u8,u8}
 * (fields f0, f1: the high and low little-endian unsigned 64-bit halves of each 128-bit hex
 * uid), sorted ascending as unsigned pairs, as DataComp's {@code np.sort} of that array.
 */
public final class UidArray {

  private UidArray() {}

  /** Receives the uids of an array as their high and low 64-bit halves. */
  @FunctionalInterface
  public interface PairSink {
    void accept(long high, long low) throws IOException;
  }

  /**
   * The uids of a DataComp {@code .npy} subset (dtype {@code u8,u8} as {@link #write} writes it),
   * as 32-character hex strings, in file order.
   */
  public static java.util.List<String> read(java.io.InputStream in, String name) throws IOException {
    java.util.List<String> out = new java.util.ArrayList<>();
    forEach(in, name, (high, low) -> out.add(String.format("%016x%016x", high, low)));
    return out;
  }

  /** Streams the uids of a DataComp {@code .npy} subset, in file order; returns how many there were. */
  public static long forEach(java.io.InputStream in, String name, PairSink sink) throws IOException {
    java.io.DataInputStream data = new java.io.DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
    byte[] magic = new byte[8];
    data.readFully(magic);
    if ((magic[0] & 0xff) != 0x93 || magic[1] != 'N' || magic[2] != 'U' || magic[3] != 'M' || magic[6] != 1) {
      throw new IOException(name + " is not a NumPy .npy file (version 1)");
    }
    int headerLength = (data.readUnsignedByte()) | (data.readUnsignedByte() << 8);
    byte[] header = new byte[headerLength];
    data.readFully(header);
    String dict = new String(header, StandardCharsets.US_ASCII);
    java.util.regex.Matcher shape = java.util.regex.Pattern.compile("'shape': \\((\\d+),\\)").matcher(dict);
    if (!dict.replace(" ", "").contains("'descr':[('f0','<u8'),('f1','<u8')]") || !shape.find()
        || dict.contains("'fortran_order': True")) {
      throw new IOException(name + " is not a DataComp uid array (dtype u8,u8, one dimension): " + dict.strip());
    }
    long n = Long.parseLong(shape.group(1));
    byte[] pair = new byte[16];
    ByteBuffer b = ByteBuffer.wrap(pair).order(ByteOrder.LITTLE_ENDIAN);
    for (long i = 0; i < n; i++) {
      data.readFully(pair);
      sink.accept(b.getLong(0), b.getLong(8));
    }
    return n;
  }

  /** Writes {@code uids} as DataComp's sorted uid array. */
  public static void write(OutputStream out, Collection<String> uids) throws IOException {
    long[] high = new long[uids.size()];
    long[] low = new long[uids.size()];
    int i = 0;
    for (String uid : uids) {
      Uids.check(uid);
      high[i] = Uids.high(uid);
      low[i++] = Uids.low(uid);
    }
    sortUnsigned(high, low);
    writeSorted(out, high, low, high.length);
  }

  /** Writes the uids of {@code uids} as DataComp's sorted uid array. */
  public static void write(OutputStream out, UidSet uids) throws IOException {
    long[] high = new long[uids.size()];
    long[] low = new long[uids.size()];
    int[] i = new int[1];
    uids.forEach((h, l) -> {
      high[i[0]] = h;
      low[i[0]++] = l;
    });
    sortUnsigned(high, low);
    writeSorted(out, high, low, high.length);
  }

  /** Writes the first {@code n} pairs, already in {@link #sortUnsigned} order. */
  static void writeSorted(OutputStream out, long[] high, long[] low, int n) throws IOException {
    Sink sink = sink(out, n);
    for (int i = 0; i < n; i++) {
      sink.put(high[i], low[i]);
    }
    sink.finish();
  }

  /** A writer of exactly {@code n} pairs, given in sorted order, after the array's header. */
  static Sink sink(OutputStream out, long n) throws IOException {
    return new Sink(out, n);
  }

  /** Streams an array's pairs; {@link #finish} checks that the header's count was written. */
  static final class Sink {
    private final DataOutputStream data;
    private final long n;
    private final ByteBuffer body = ByteBuffer.allocate(16 * 4096).order(ByteOrder.LITTLE_ENDIAN);
    private long written;

    private Sink(OutputStream out, long n) throws IOException {
      this.n = n;
      String dict = "{'descr': [('f0', '<u8'), ('f1', '<u8')], 'fortran_order': False, 'shape': ("
          + n + ",), }";
      // Header padded with spaces to a multiple of 64 bytes (magic 6 + version 2 + length 2 + dict + \n).
      int unpadded = 10 + dict.length() + 1;
      int padded = (unpadded + 63) / 64 * 64;
      String header = dict + " ".repeat(padded - unpadded) + "\n";
      data = new DataOutputStream(out);
      data.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
      data.write(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) header.length()).array());
      data.write(header.getBytes(StandardCharsets.US_ASCII));
    }

    void put(long high, long low) throws IOException {
      if (body.remaining() < 16) {
        data.write(body.array(), 0, body.position());
        body.clear();
      }
      body.putLong(high).putLong(low);
      written++;
    }

    void finish() throws IOException {
      if (written != n) {
        throw new IllegalStateException("uid array header says " + n + " pairs, " + written + " written");
      }
      data.write(body.array(), 0, body.position());
      data.flush();
    }
  }

  /**
   * Sorts the pairs (high[i], low[i]) ascending as unsigned 128-bit numbers, in place: a heapsort
   * of the two arrays together (O(n log n), no boxing, no extra memory), as DataComp's
   * {@code np.sort} of a {@code u8,u8} array orders it.
   */
  static void sortUnsigned(long[] high, long[] low) {
    sortUnsigned(high, low, high.length);
  }

  /** {@link #sortUnsigned(long[], long[])} of the first {@code n} pairs only. */
  static void sortUnsigned(long[] high, long[] low, int n) {
    for (int i = n / 2 - 1; i >= 0; i--) {
      siftDown(high, low, i, n);
    }
    for (int end = n - 1; end > 0; end--) {
      swap(high, low, 0, end);
      siftDown(high, low, 0, end);
    }
  }

  private static void siftDown(long[] high, long[] low, int i, int n) {
    while (true) {
      int child = 2 * i + 1;
      if (child >= n) {
        return;
      }
      if (child + 1 < n && less(high, low, child, child + 1)) {
        child++;
      }
      if (!less(high, low, i, child)) {
        return;
      }
      swap(high, low, i, child);
      i = child;
    }
  }

  private static boolean less(long[] high, long[] low, int a, int b) {
    return compare(high[a], low[a], high[b], low[b]) < 0;
  }

  /** Order of two uids given as (high, low) halves, as unsigned 128-bit numbers. */
  static int compare(long high1, long low1, long high2, long low2) {
    int c = Long.compareUnsigned(high1, high2);
    return c != 0 ? c : Long.compareUnsigned(low1, low2);
  }

  private static void swap(long[] high, long[] low, int a, int b) {
    long h = high[a];
    high[a] = high[b];
    high[b] = h;
    long l = low[a];
    low[a] = low[b];
    low[b] = l;
  }
}
