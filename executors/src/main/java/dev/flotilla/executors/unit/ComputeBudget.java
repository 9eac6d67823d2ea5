package dev.flotilla.executors.unit;

/**
 * What one unit may compute with: cores for its native thread pools, and GPUs (none are scheduled
 * yet, so 0). It reaches a model through {@link UnitContext#budget()} and the backends'
 * build/restore methods, never through a static: units running side by side in one executor JVM
 * (task slots of {@code local[N]} or of a multi-core executor) each keep their own.
 */
public record ComputeBudget(int cpus, int gpus) {

  public ComputeBudget {
    if (cpus < 1) {
      throw new IllegalArgumentException("cpus must be >= 1, got " + cpus);
    }
    if (gpus < 0) {
      throw new IllegalArgumentException("gpus must be >= 0, got " + gpus);
    }
  }

  /** {@code cpus} cores and no GPU. */
  public static ComputeBudget ofCpus(int cpus) {
    return new ComputeBudget(cpus, 0);
  }

  /** Every core of this machine: for commands that run alone in their JVM (CLI, benchmarks). */
  public static ComputeBudget wholeMachine() {
    return ofCpus(Math.max(1, Runtime.getRuntime().availableProcessors()));
  }
}
