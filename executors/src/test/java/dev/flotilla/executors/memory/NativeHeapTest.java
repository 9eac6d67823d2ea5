package dev.flotilla.executors.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Memory a native library freed but glibc kept in its arena (a block still in use above it)
 * leaves the process when trimmed.
 */
@EnabledOnOs(OS.LINUX)
class NativeHeapTest {

  private static final int BLOCK = 64 << 10; // below glibc's mmap threshold: from the arena
  private static final int BLOCKS = 3200; // 200 MB

  @Test
  void freedArenaMemoryLeavesTheProcessWhenTrimmed() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse("0".equals(System.getenv("FLOTILLA_MALLOC_TRIM")),
        "trimming turned off (FLOTILLA_MALLOC_TRIM=0)");
    assertThat(NativeHeap.available()).as("glibc's malloc_trim on this Linux machine").isTrue();
    long[] blocks = new long[BLOCKS];
    for (int i = 0; i < BLOCKS; i++) {
      blocks[i] = Native.malloc(BLOCK);
      new Pointer(blocks[i]).setMemory(0, BLOCK, (byte) 1); // touched: resident
    }
    long full = residentMb();
    for (int i = 0; i < BLOCKS - 1; i++) {
      Native.free(blocks[i]);
    }
    long freed = residentMb();
    NativeHeap.trim();
    long trimmed = residentMb();
    Native.free(blocks[BLOCKS - 1]);
    assertThat(freed).as("freed below a block in use: still resident (%d MB allocated)", full)
        .isGreaterThan(full - 50);
    assertThat(trimmed).as("after the trim (freed: %d MB resident)", freed).isLessThan(freed - 150);
  }

  private static long residentMb() throws Exception {
    String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
    return Long.parseLong(statm[1]) * 4096 / (1 << 20);
  }
}
