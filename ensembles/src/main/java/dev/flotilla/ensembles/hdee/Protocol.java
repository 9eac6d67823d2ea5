package dev.flotilla.ensembles.hdee;

import java.util.Arrays;

/**
 * What the compared budget counts.
 *
 * <ul>
 *   <li>{@code paper} (HDEE's code): one seed per size, trained once for the same steps and shared
 *       by every plan, outside the compared budget; the expert phase spends the budget, and plans
 *       whose sizes vary give every size the same steps (S + L = 2M keeps the totals equal).
 *   <li>{@code all-in}: seeds are counted, a fixed share of the budget split over the sizes a plan
 *       uses; every expert gets an equal share of FLOPs (times its group weight).
 * </ul>
 */
public enum Protocol {
  PAPER("paper"),
  ALL_IN("all-in");

  private final String configName;

  Protocol(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static Protocol of(String name) {
    return Arrays.stream(values()).filter(p -> p.configName.equals(name)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("unknown protocol '" + name + "' (known: paper, all-in)"));
  }
}
