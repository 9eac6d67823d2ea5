package dev.flotilla.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fields of Linux's {@code /proc/PID/status}, for the benchmarks' memory figures. */
final class ProcStatus {

  private ProcStatus() {}

  /** A field in kB (VmHWM: peak resident set) of {@code pid}, or of this JVM for {@code "self"}. */
  static long kb(String pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("no " + field + " in /proc/" + pid + "/status");
  }
}
