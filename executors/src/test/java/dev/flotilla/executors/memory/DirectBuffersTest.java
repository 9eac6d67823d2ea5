package dev.flotilla.executors.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** A freed direct buffer's memory leaves the JVM's direct pool at once, without a collection. */
class DirectBuffersTest {

  @Test
  void freedDirectMemoryIsReleasedWithoutACollection() {
    long before = directBytes();
    ByteBuffer b = ByteBuffer.allocateDirect(32 << 20);
    assertThat(directBytes() - before).isGreaterThanOrEqualTo(32 << 20);
    DirectBuffers.free(b);
    // b is still reachable here, so only the explicit free can have released its memory.
    assertThat(directBytes() - before).as("direct memory held after the free").isLessThan(1 << 20);
    assertThat(b.capacity()).isEqualTo(32 << 20);
  }

  @Test
  void heapBuffersAreLeftAlone() {
    ByteBuffer b = ByteBuffer.allocate(16);
    DirectBuffers.free(b);
    b.putLong(0, 42);
    assertThat(b.getLong(0)).isEqualTo(42);
  }

  static long directBytes() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(p -> p.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
  }
}
