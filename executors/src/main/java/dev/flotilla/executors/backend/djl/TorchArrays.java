package dev.flotilla.executors.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.flotilla.executors.memory.DirectBuffers;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Arrays made from Java data whose memory libtorch allocated.
 *
 * <p>Two reasons for the copy. DJL's {@code create(float[])} hands libtorch a direct buffer of
 * exactly the data's size that libtorch then reads in place; libtorch's own allocations are
 * 64-byte aligned and padded. The sorted CNN, whose first convolution reads such a buffer, went
 * NaN about once in 800 steps there (one thread, no GC involved); a kernel reading past the
 * buffer's end is suspected, not proven (see docs/architecture.md). And that buffer is freed only
 * when the collector finds it unreachable: a scoring executor held up to ~100 MB of batches
 * waiting for a collection, and its resident memory grew with the run's length. Here the data is
 * staged in a direct buffer that is freed as soon as libtorch has its own copy. One extra copy per
 * batch, against the network's work on it.
 */
public final class TorchArrays {

  private TorchArrays() {}

  /**
   * The first {@code shape.size()} values of {@code data} as an array of {@code shape} in
   * libtorch-owned memory, attached to {@code manager}.
   */
  public static NDArray of(NDManager manager, float[] data, Shape shape) {
    int n = size(data.length, shape);
    ByteBuffer staging = stage(n, Float.BYTES);
    staging.asFloatBuffer().put(data, 0, n);
    return copy(manager, staging, shape, DataType.FLOAT32);
  }

  /** As {@link #of(NDManager, float[], Shape)}, for integer data (token ids, labels). */
  public static NDArray of(NDManager manager, int[] data, Shape shape) {
    int n = size(data.length, shape);
    ByteBuffer staging = stage(n, Integer.BYTES);
    staging.asIntBuffer().put(data, 0, n);
    return copy(manager, staging, shape, DataType.INT32);
  }

  /** As {@link #of(NDManager, float[], Shape)}, for long data (token ids as gather indices). */
  public static NDArray of(NDManager manager, long[] data, Shape shape) {
    int n = size(data.length, shape);
    ByteBuffer staging = stage(n, Long.BYTES);
    staging.asLongBuffer().put(data, 0, n);
    return copy(manager, staging, shape, DataType.INT64);
  }

  private static int size(int length, Shape shape) {
    long n = shape.size();
    if (n > length) {
      throw new IllegalArgumentException("an array of shape " + shape + " needs " + n + " values, got " + length);
    }
    return (int) n;
  }

  private static ByteBuffer stage(int values, int bytesEach) {
    return ByteBuffer.allocateDirect(Math.multiplyExact(values, bytesEach)).order(ByteOrder.nativeOrder());
  }

  private static NDArray copy(NDManager manager, ByteBuffer staging, Shape shape, DataType type) {
    try (NDArray staged = manager.create(staging, shape, type)) { // libtorch reads the buffer in place
      return staged.duplicate();
    } finally {
      DirectBuffers.free(staging);
    }
  }
}
