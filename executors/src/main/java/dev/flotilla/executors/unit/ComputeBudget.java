package dev.flotilla.executors.unit;

import java.util.List;
import java.util.Objects;

/**
 * What one unit may compute with: cores for its native thread pools, and GPUs. It reaches a model
 * through {@link UnitContext#budget()} and the backends' build/restore methods, never through a
 * static: units running side by side in one executor JVM (task slots of {@code local[N]} or of a
 * multi-core executor) each keep their own.
 *
 * @param cpus         cores for the unit's native thread pools
 * @param gpus         GPUs the unit asked for ({@code engine.gpus-per-unit})
 * @param gpuAddresses the GPUs Spark assigned to the unit's task (its resource addresses, e.g.
 *                     {@code "0"}); empty when none were assigned, else {@code gpus} of them
 */
public record ComputeBudget(int cpus, int gpus, List<String> gpuAddresses) {

  public ComputeBudget {
    if (cpus < 1) {
      throw new IllegalArgumentException("cpus must be >= 1, got " + cpus);
    }
    if (gpus < 0) {
      throw new IllegalArgumentException("gpus must be >= 0, got " + gpus);
    }
    gpuAddresses = List.copyOf(Objects.requireNonNull(gpuAddresses, "gpuAddresses"));
    if (!gpuAddresses.isEmpty() && gpuAddresses.size() != gpus) {
      throw new IllegalArgumentException("a unit asking for " + gpus + " GPU(s) was given " + gpuAddresses.size()
          + ": " + gpuAddresses);
    }
  }

  /** {@code cpus} cores and {@code gpus} GPUs, none assigned yet. */
  public ComputeBudget(int cpus, int gpus) {
    this(cpus, gpus, List.of());
  }

  /** {@code cpus} cores and no GPU. */
  public static ComputeBudget ofCpus(int cpus) {
    return new ComputeBudget(cpus, 0);
  }

  /** Every core of this machine: for commands that run alone in their JVM (CLI, benchmarks). */
  public static ComputeBudget wholeMachine() {
    return ofCpus(Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  /** The same cores without GPUs: for work a unit keeps on the CPU. */
  public ComputeBudget cpuOnly() {
    return ofCpus(cpus);
  }

  /** True when Spark assigned GPUs to the unit. */
  public boolean hasGpus() {
    return !gpuAddresses.isEmpty();
  }
}
