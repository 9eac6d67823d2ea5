package dev.flotilla.executors.backend.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.cuda.CudaUtils;
import dev.flotilla.executors.unit.ComputeBudget;
import java.util.Optional;

/**
 * The PyTorch device of a unit's budget: the first GPU Spark assigned to its task, or the CPU.
 * Asked explicitly rather than through the engine's default device, which is GPU 0 whenever CUDA
 * is present: two units on one host would otherwise share GPU 0 whatever Spark assigned them.
 */
public final class TorchDevices {

  private TorchDevices() {}

  /** {@code gpu(first assigned address)}, or the CPU when the budget has no GPU. */
  public static Device of(ComputeBudget budget) {
    if (!budget.hasGpus()) {
      return Device.cpu();
    }
    String address = budget.gpuAddresses().get(0);
    try {
      return Device.gpu(Integer.parseInt(address.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("GPU address '" + address + "' assigned by Spark is not a CUDA device "
          + "index; the discovery script must list indexes (0, 1, ...)");
    }
  }

  /**
   * Why PyTorch cannot compute on {@code device} in this JVM (no CUDA runtime, fewer devices, a
   * CPU-only libtorch), or empty when it can: checked by making a one-element tensor there.
   */
  public static Optional<String> unavailable(Device device) {
    if (!device.isGpu()) {
      return Optional.empty();
    }
    int visible = CudaUtils.getGpuCount(); // 0 without a CUDA runtime library
    if (device.getDeviceId() >= visible) {
      return Optional.of("PyTorch sees " + (visible == 0 ? "no CUDA device" : visible + " CUDA device(s)")
          + " on this executor, so not " + device);
    }
    try (NDManager m = NDManager.newBaseManager(device, TorchThreads.engine().getEngineName())) {
      m.zeros(new Shape(1)).toFloatArray();
      return Optional.empty();
    } catch (RuntimeException e) {
      String msg = String.valueOf(e.getMessage()).strip().lines().findFirst().orElse("");
      return Optional.of("PyTorch cannot use " + device + " (" + msg + "; is the CUDA build of libtorch on the "
          + "executors?)");
    }
  }
}
