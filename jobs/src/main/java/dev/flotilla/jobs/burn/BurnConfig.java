package dev.flotilla.jobs.burn;

import dev.flotilla.jobs.config.ConfigReader;
import java.util.List;

/**
 * The {@code burn.*} keys: seconds of CPU work of each unit, one unit per entry. Immutable.
 */
public record BurnConfig(List<Double> seconds) {

  public BurnConfig {
    seconds = List.copyOf(seconds);
  }

  /** Reads {@code burn.seconds}: a non-empty list of numbers >= 0. */
  public static BurnConfig read(ConfigReader c) {
    List<Double> seconds = c.nonNegativeList("burn.seconds", true);
    return new BurnConfig(seconds);
  }
}
