package dev.flotilla.datafiltering.curation;

import dev.flotilla.datafiltering.pool.Uids;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Uids (16 bytes each) collected in any order and given back in DataComp's sorted order, in
 * memory that does not grow with their number: a block of {@link #DEFAULT_BLOCK} uids is sorted
 * in place and appended to a local spill file as a sorted run when it fills; reading merges the
 * runs and the last block (a 4 KiB buffer per run). The curation keeps 15-30% of a pool, so a
 * sorted array of the kept uids grew with the pool (48 MB at 3M kept, 30 GB at DataComp's
 * 1.9 billion) and, on top, what an executor's collector then keeps free around it.
 * The spill file (16 B per uid) lives in the directory given, a unit's scratch directory (Spark's
 * local directories on an executor), and is unlinked as soon as it is opened (DELETE_ON_CLOSE on
 * Linux), so a killed executor leaves nothing behind. Not thread-safe; {@link #close} frees it.
 */
public final class UidSorter implements Closeable {

  /** Uids held in memory before a run is spilled: two 2 MiB arrays. */
  public static final int DEFAULT_BLOCK = 1 << 18;
  private static final int RECORD = 16;
  private static final int RUN_BUFFER_RECORDS = 256;

  private final Path spillDir;
  private final long[] high;
  private final long[] low;
  private int inBlock;
  private boolean blockSorted = true;
  private final List<long[]> runs = new ArrayList<>(); // {first record, records}
  private Path spill;
  private FileChannel spillOut;
  private long spilled;

  /** Spills to {@code java.io.tmpdir}. */
  public UidSorter() {
    this(DEFAULT_BLOCK, Path.of(System.getProperty("java.io.tmpdir")));
  }

  public UidSorter(int blockUids, Path spillDir) {
    if (blockUids < 1) {
      throw new IllegalArgumentException("block must hold at least one uid, got " + blockUids);
    }
    this.high = new long[blockUids];
    this.low = new long[blockUids];
    this.spillDir = spillDir;
  }

  /** Adds a uid (32 lowercase hex digits; anything else is an IllegalArgumentException). */
  public void add(String uid) throws IOException {
    Uids.check(uid);
    add(Uids.high(uid), Uids.low(uid));
  }

  /** Adds a uid given as its high and low 64-bit halves (as {@link UidArray} stores them). */
  public void add(long uidHigh, long uidLow) throws IOException {
    if (inBlock == high.length) {
      spillBlock();
    }
    high[inBlock] = uidHigh;
    low[inBlock++] = uidLow;
    blockSorted = false;
  }

  /** Uids added so far (with repeats). */
  public long size() {
    return spilled + inBlock;
  }

  /** Runs written to the spill file so far (0 while everything fits in one block). */
  public int spilledRuns() {
    return runs.size();
  }

  /** Writes the uids as DataComp's sorted {@code u8,u8} array ({@link UidArray}). */
  public void writeNpy(OutputStream out) throws IOException {
    UidArray.Sink sink = UidArray.sink(out, size());
    for (Cursor c = sorted(); c.next(); ) {
      sink.put(c.high(), c.low());
    }
    sink.finish();
  }

  /**
   * How many of {@code probes}' uids (counting repeats) are among {@code set}'s, which must hold
   * each uid once (as the kept uids do): a merge of the two sorted streams.
   */
  public static long matches(UidSorter set, UidSorter probes) throws IOException {
    Cursor a = set.sorted();
    Cursor b = probes.sorted();
    long found = 0;
    boolean hasA = a.next();
    boolean hasB = b.next();
    while (hasA && hasB) {
      int c = UidArray.compare(a.high(), a.low(), b.high(), b.low());
      if (c == 0) {
        found++;
        hasB = b.next(); // a repeated probe matches the same uid again
      } else if (c < 0) {
        hasA = a.next();
      } else {
        hasB = b.next();
      }
    }
    return found;
  }

  /** The uids in ascending unsigned order; add nothing while a cursor is in use. */
  public Cursor sorted() throws IOException {
    if (!blockSorted) {
      UidArray.sortUnsigned(high, low, inBlock);
      blockSorted = true;
    }
    PriorityQueue<Cursor> heads = new PriorityQueue<>((x, y) -> UidArray.compare(x.high(), x.low(), y.high(), y.low()));
    for (long[] run : runs) {
      Cursor c = new RunCursor(spillOut, run[0], run[1]);
      if (c.next()) {
        heads.add(c);
      }
    }
    Cursor memory = new BlockCursor(high, low, inBlock);
    if (memory.next()) {
      heads.add(memory);
    }
    return new MergeCursor(heads);
  }

  private void spillBlock() throws IOException {
    if (!blockSorted) {
      UidArray.sortUnsigned(high, low, inBlock);
    }
    if (spillOut == null) {
      spill = Files.createTempFile(spillDir, "kept-uids-", ".runs");
      spillOut = FileChannel.open(spill, StandardOpenOption.READ, StandardOpenOption.WRITE,
          StandardOpenOption.DELETE_ON_CLOSE);
    }
    ByteBuffer buf = ByteBuffer.allocate(RECORD * 4096);
    long position = spilled * RECORD;
    for (int i = 0; i < inBlock; i++) {
      if (buf.remaining() < RECORD) {
        position += writeFully(buf, position);
      }
      buf.putLong(high[i]).putLong(low[i]);
    }
    writeFully(buf, position);
    runs.add(new long[] {spilled, inBlock});
    spilled += inBlock;
    inBlock = 0;
    blockSorted = true;
  }

  private int writeFully(ByteBuffer buf, long position) throws IOException {
    buf.flip();
    int n = buf.remaining();
    while (buf.hasRemaining()) {
      position += spillOut.write(buf, position);
    }
    buf.clear();
    return n;
  }

  @Override
  public void close() throws IOException {
    if (spillOut != null) {
      spillOut.close(); // deletes the file
      spillOut = null;
    }
  }

  /** A position in a sorted stream of uids: {@link #next} first, then the current uid's halves. */
  public interface Cursor {
    boolean next() throws IOException;

    long high();

    long low();
  }

  private static final class BlockCursor implements Cursor {
    private final long[] high;
    private final long[] low;
    private final int n;
    private int i = -1;

    BlockCursor(long[] high, long[] low, int n) {
      this.high = high;
      this.low = low;
      this.n = n;
    }

    @Override public boolean next() { return ++i < n; }
    @Override public long high() { return high[i]; }
    @Override public long low() { return low[i]; }
  }

  /** One spilled run, read through a small buffer with positional reads. */
  private static final class RunCursor implements Cursor {
    private final FileChannel in;
    private final ByteBuffer buf = ByteBuffer.allocate(RECORD * RUN_BUFFER_RECORDS);
    private long next; // next record to load into the buffer
    private final long end;
    private long high;
    private long low;

    RunCursor(FileChannel in, long first, long records) {
      this.in = in;
      this.next = first;
      this.end = first + records;
      buf.limit(0);
    }

    @Override
    public boolean next() throws IOException {
      if (!buf.hasRemaining()) {
        if (next == end) {
          return false;
        }
        buf.clear();
        buf.limit((int) Math.min(RUN_BUFFER_RECORDS, end - next) * RECORD);
        long position = next * RECORD;
        while (buf.hasRemaining()) {
          int r = in.read(buf, position);
          if (r < 0) {
            throw new IOException("spilled uid run cut short at byte " + position);
          }
          position += r;
        }
        next += buf.position() / RECORD;
        buf.flip();
      }
      high = buf.getLong();
      low = buf.getLong();
      return true;
    }

    @Override public long high() { return high; }
    @Override public long low() { return low; }
  }

  /** The smallest head of the runs, run after run. */
  private static final class MergeCursor implements Cursor {
    private final PriorityQueue<Cursor> heads;
    private Cursor current;
    private long high;
    private long low;

    MergeCursor(PriorityQueue<Cursor> heads) {
      this.heads = heads;
    }

    @Override
    public boolean next() throws IOException {
      if (current != null && current.next()) {
        heads.add(current);
      }
      current = heads.poll();
      if (current == null) {
        return false;
      }
      high = current.high();
      low = current.low();
      return true;
    }

    @Override public long high() { return high; }
    @Override public long low() { return low; }
  }
}
