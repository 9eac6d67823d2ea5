package dev.flotilla.jobs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The units a run dir on the local disk holds as committed, read the way a resuming driver would. */
public final class CommittedUnits {

  private CommittedUnits() {}

  /** Units whose output is committed: the folder holds its record (written last, atomically). */
  public static Set<String> in(Path units) throws IOException {
    if (!Files.isDirectory(units)) {
      return Set.of();
    }
    try (Stream<Path> s = Files.list(units)) {
      return s.filter(p -> Files.exists(p.resolve("_UNIT.json")))
          .map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  /**
   * Waits until at least {@code atLeast} units are committed while {@code driver} runs, looking
   * every {@code poll}; fails if the driver exits first or {@code timeout} passes.
   */
  public static Set<String> await(Path units, int atLeast, Process driver, Duration timeout, Duration poll)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Set<String> done = in(units);
      if (done.size() >= atLeast) {
        return done;
      }
      if (!driver.isAlive()) {
        throw new AssertionError("the driver exited early (code " + driver.exitValue() + ")");
      }
      Thread.sleep(poll.toMillis());
    }
    throw new AssertionError("fewer than " + atLeast + " units committed in " + units);
  }
}
