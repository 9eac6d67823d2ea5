package dev.flotilla.executors.memory;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the native memory an executor's units freed back to the operating system.
 *
 * <p>libtorch and the image codecs allocate and free large blocks through glibc's malloc, which
 * keeps freed memory in its arenas for reuse. Over many scoring units an executor's resident
 * memory outside the JVM grew with the work it had done (DFN at 10M pairs: 265 -> 504 MB on one
 * executor), although nothing stayed allocated. {@code malloc_trim(0)} returns the free pages of
 * every arena. Called once per Spark task, after its units: a few milliseconds against a task's
 * ~0.5 s or more. A no-op where there is no glibc (macOS, musl) or {@code FLOTILLA_MALLOC_TRIM=0}.
 */
public final class NativeHeap {

  private static final Logger LOG = LoggerFactory.getLogger(NativeHeap.class);

  /** glibc's allocator; only the call used here. */
  private interface CLibrary extends Library {
    int malloc_trim(long pad);
  }

  private static final CLibrary LIBC = load();

  private NativeHeap() {}

  private static CLibrary load() {
    if (!"Linux".equals(System.getProperty("os.name")) || "0".equals(System.getenv("FLOTILLA_MALLOC_TRIM"))) {
      return null;
    }
    try {
      CLibrary c = Native.load("c", CLibrary.class);
      c.malloc_trim(0); // fails here, once, where the C library has no malloc_trim
      return c;
    } catch (LinkageError | RuntimeException e) { // no malloc_trim, or JNA's native part did not load
      LOG.info("native memory is not trimmed after units: no glibc malloc_trim here ({})", e.toString());
      return null;
    }
  }

  /** Whether {@link #trim} can return memory on this machine. */
  public static boolean available() {
    return LIBC != null;
  }

  /**
   * Returns free native heap pages to the operating system; true if any were returned.
   * Thread-safe (glibc locks each arena while it trims it).
   */
  public static boolean trim() {
    return LIBC != null && LIBC.malloc_trim(0) == 1;
  }
}
