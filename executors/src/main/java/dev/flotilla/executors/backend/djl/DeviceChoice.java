package dev.flotilla.executors.backend.djl;

import ai.djl.Device;
import dev.flotilla.executors.unit.ComputeBudget;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a unit asks PyTorch to compute: {@code cpu}; {@code gpu} (the GPU Spark assigned to its
 * task, failing when there is none or PyTorch cannot use it); or {@code auto} (that GPU when
 * PyTorch can use it, else the CPU, saying why).
 */
public enum DeviceChoice {
  CPU, GPU, AUTO;

  /** The name configs use. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A choice by its config name; the message names the accepted ones. */
  public static DeviceChoice parse(String name) {
    for (DeviceChoice c : values()) {
      if (c.configName().equals(name.trim().toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown device '" + name + "'; known: "
        + Arrays.stream(values()).map(DeviceChoice::configName).toList());
  }

  /**
   * Where a unit runs: the budget its models are built with (without GPUs on the CPU), the
   * device, and why {@code auto} fell back to the CPU from an assigned GPU (null when it did not,
   * or had no GPU to fall back from).
   */
  public record Placement(ComputeBudget budget, Device device, String fallback) {

    /** {@code cpu} or {@code gpu(N)}, as the unit's record states it. */
    public String deviceName() {
      return device.isGpu() ? "gpu(" + device.getDeviceId() + ")" : "cpu";
    }
  }

  /**
   * Places a unit with {@code budget}; for {@code gpu}, a missing or unusable GPU is an
   * {@link IllegalStateException} whose message is one line saying which and why.
   */
  public Placement place(ComputeBudget budget) {
    if (this == CPU) {
      return new Placement(budget.cpuOnly(), Device.cpu(), null);
    }
    if (!budget.hasGpus()) {
      if (this == GPU) {
        throw new IllegalStateException("device gpu: no GPU was assigned to this unit's task (engine.gpus-per-unit = "
            + budget.gpus() + ")");
      }
      return new Placement(budget.cpuOnly(), Device.cpu(), null); // nothing to fall back from
    }
    Device gpu = TorchDevices.of(budget);
    Optional<String> unusable = TorchDevices.unavailable(gpu);
    if (unusable.isEmpty()) {
      return new Placement(budget, gpu, null);
    }
    String why = "GPU " + budget.gpuAddresses().get(0) + " assigned, but " + unusable.get();
    if (this == GPU) {
      throw new IllegalStateException("device gpu: " + why);
    }
    return new Placement(budget.cpuOnly(), Device.cpu(), why);
  }
}
