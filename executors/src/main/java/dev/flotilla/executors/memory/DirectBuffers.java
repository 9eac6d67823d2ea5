package dev.flotilla.executors.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.hadoop.util.CleanerUtil;

/**
 * Frees direct buffers when their owner is done with them, not when the collector notices.
 *
 * <p>A direct buffer's memory is outside the Java heap, and the JVM frees it only after a
 * collection finds the buffer unreachable. A unit that allocates one per batch or per row group
 * then holds many at once, more the longer the heap goes between collections, and a long run's
 * resident memory grows with it.
 */
public final class DirectBuffers {

  private DirectBuffers() {}

  /**
   * Frees {@code b}'s memory now; the buffer must not be used again. Heap buffers, and JVMs
   * where this is not possible, are left to the collector.
   */
  public static void free(ByteBuffer b) {
    if (b.isDirect() && CleanerUtil.UNMAP_SUPPORTED) {
      try {
        CleanerUtil.getCleaner().freeBuffer(b);
      } catch (IOException e) {
        // left to the collector
      }
    }
  }
}
