package dev.flotilla.driver.schedule;

import java.util.Optional;

/**
 * Tells a lasting fault from bad luck: the same error (its first line) ending
 * {@link #REPEATS} attempts in a row, with nothing committed between them, is not going to go away
 * by retrying (a missing native library, a full disk, a wrong path). Seen: 1,700 log lines of one
 * missing library before every retry of every unit was spent.
 */
final class LastingFault {

  static final int REPEATS = 3;

  private String last;
  private int streak;

  /** @return the error's first line when it has now repeated {@link #REPEATS} times in a row */
  Optional<String> failed(String error, long atMillis) {
    String line = error == null ? "" : error.lines().findFirst().orElse("").strip();
    if (line.equals(last)) {
      streak++;
    } else {
      last = line;
      streak = 1;
    }
    return streak >= REPEATS && !line.isEmpty() ? Optional.of(line) : Optional.empty();
  }

  void committed() {
    last = null;
    streak = 0;
  }
}
