package dev.flotilla.ensembles.hdee;

import java.util.Arrays;

/**
 * How a compute budget is spread over the domain experts (HDEE, Section 3): the same size and
 * steps for every domain, or sizes and/or steps growing with the domain's difficulty; or, as the
 * baseline ensembles are measured against, none at all: {@code dense} spends the same budget on
 * one model of the homogeneous size trained on the mix of the training domains.
 */
public enum PlanKind {
  HOMOGENEOUS("homogeneous", false, false),
  HETERO_STEPS("hetero-steps", false, true),
  HETERO_SIZES("hetero-sizes", true, false),
  HETEROGENEOUS("heterogeneous", true, true),
  DENSE("dense", false, false);

  private final String configName;
  private final boolean sizesVary;
  private final boolean stepsVary;

  PlanKind(String configName, boolean sizesVary, boolean stepsVary) {
    this.configName = configName;
    this.sizesVary = sizesVary;
    this.stepsVary = stepsVary;
  }

  public String configName() {
    return configName;
  }

  /** Expert size follows the domain's difficulty group (small for easy, large for hard). */
  public boolean sizesVary() {
    return sizesVary;
  }

  /** One model on the domain mix instead of experts. */
  public boolean dense() {
    return this == DENSE;
  }

  /** Expert compute share follows the domain's difficulty group. */
  public boolean stepsVary() {
    return stepsVary;
  }

  public static PlanKind of(String name) {
    return Arrays.stream(values()).filter(k -> k.configName.equals(name)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("unknown plan '" + name + "' (known: "
            + Arrays.stream(values()).map(PlanKind::configName).toList() + ")"));
  }
}
