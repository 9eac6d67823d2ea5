package dev.flotilla.executors.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays made from Java data whose memory libtorch allocated. DJL's {@code create(float[])}
 * hands libtorch a direct buffer of exactly the data's size that libtorch then reads in place;
 * libtorch's own allocations are 64-byte aligned and padded. The sorted CNN, whose first
 * convolution reads such a buffer, went NaN about once in 800 steps there (one thread, no GC
 * involved); a kernel reading past the buffer's end is suspected, not proven (see
 * docs/architecture.md). One extra copy per batch, against convolutions that cost far more.
 */
public final class TorchArrays {

  private TorchArrays() {}

  /** {@code data} as an array of {@code shape} in libtorch-owned memory, attached to {@code manager}. */
  public static NDArray of(NDManager manager, float[] data, Shape shape) {
    try (NDArray staged = manager.create(data, shape)) {
      return staged.duplicate();
    }
  }

  /** As {@link #of(NDManager, float[], Shape)}, for integer data (token ids, labels). */
  public static NDArray of(NDManager manager, int[] data, Shape shape) {
    try (NDArray staged = manager.create(data, shape)) {
      return staged.duplicate();
    }
  }

  /** As {@link #of(NDManager, float[], Shape)}, for long data (token ids as gather indices). */
  public static NDArray of(NDManager manager, long[] data, Shape shape) {
    try (NDArray staged = manager.create(data, shape)) {
      return staged.duplicate();
    }
  }
}
