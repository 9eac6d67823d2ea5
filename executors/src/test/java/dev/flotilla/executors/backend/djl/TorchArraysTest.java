package dev.flotilla.executors.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Arrays staged into libtorch: the values (the first ones of a longer Java array), libtorch's own
 * memory (still right after the staging buffer is gone), and no direct memory left behind.
 */
class TorchArraysTest {

  @Test
  void valuesArriveInLibtorchMemoryAndTheStagingBufferIsFreedAtOnce() {
    try (NDManager manager = NDManager.newBaseManager(TorchThreads.engine().defaultDevice(), "PyTorch")) {
      float[] batch = new float[4 << 20]; // 16 MB: a batch's images
      for (int i = 0; i < batch.length; i++) {
        batch[i] = i % 1000 - 500.5f;
      }
      long before = directBytes();
      for (int round = 0; round < 20; round++) { // 320 MB staged in all
        try (NDArray a = TorchArrays.of(manager, batch, new Shape(4, 1 << 20))) {
          assertThat(a.getDataType()).isEqualTo(DataType.FLOAT32);
          assertThat(a.toFloatArray()).isEqualTo(batch);
        }
      }
      assertThat(directBytes() - before).as("direct memory still held after 20 batches").isLessThan(1 << 20);
    }
  }

  @Test
  void aShorterShapeTakesTheFirstValuesOfEachType() {
    try (NDManager manager = NDManager.newBaseManager(TorchThreads.engine().defaultDevice(), "PyTorch")) {
      assertThat(TorchArrays.of(manager, new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 2)).toFloatArray())
          .containsExactly(1, 2, 3, 4);
      assertThat(TorchArrays.of(manager, new int[] {7, 8, 9}, new Shape(2)).toIntArray()).containsExactly(7, 8);
      NDArray ids = TorchArrays.of(manager, new long[] {Long.MAX_VALUE, -3, 5}, new Shape(1, 2));
      assertThat(ids.getDataType()).isEqualTo(DataType.INT64);
      assertThat(ids.toLongArray()).containsExactly(Long.MAX_VALUE, -3);
    }
  }

  @Test
  void tooFewValuesForTheShapeIsAnError() {
    try (NDManager manager = NDManager.newBaseManager(TorchThreads.engine().defaultDevice(), "PyTorch")) {
      assertThatThrownBy(() -> TorchArrays.of(manager, new float[5], new Shape(2, 3)))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("an array of shape (2, 3) needs 6 values, got 5");
    }
  }

  private static long directBytes() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(p -> p.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
  }
}
