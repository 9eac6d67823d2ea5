package dev.flotilla.executors.backend.djl;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.flotilla.executors.unit.ComputeBudget;

/**
 * The PyTorch engine, and a model's cores applied to PyTorch's intra-op threads.
 *
 * <p>libtorch's CPU build runs its parallel loops as OpenMP regions sized by the <em>calling
 * thread's</em> setting (and sets MKL's per-thread count with it): measured with PyTorch 2.7.1,
 * after thread A set 1 and thread B set 2, A kept reading 1 and B 2. The value last set is also
 * the process-wide default that a thread takes on its first use, so a model applies its own
 * count on the thread that runs each batch, not once when it is built. Checking costs one JNI
 * call (~60 ns); the setting changes only when a thread moves to a model with another budget.
 * The inter-op pool is process-wide and fixed once libtorch starts: it gets 1 thread, as our
 * models run no inter-op parallelism. On a CPU not made by Intel, MKL is first told to dispatch
 * by instruction set ({@link MklIsaDispatch}).
 */
public final class TorchThreads {

  private TorchThreads() {}

  /**
   * The PyTorch engine, started with one inter-op thread if it was not started yet. Every
   * Flotilla path into libtorch comes through here, so MKL's dispatch is settled before its
   * first call.
   */
  public static Engine engine() {
    MklIsaDispatch.beforeEngineStart();
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    return Engine.getEngine("PyTorch");
  }

  /**
   * Gives the calling thread {@code budget.cpus()} intra-op threads if it has another count;
   * returns the count the thread has now, as PyTorch reports it.
   */
  public static int apply(ComputeBudget budget) {
    int now = current();
    if (now != budget.cpus()) {
      JniUtils.setNumThreads(budget.cpus());
      now = JniUtils.getNumThreads();
    }
    return now;
  }

  /** The calling thread's intra-op thread count, as PyTorch reports it. */
  public static int current() {
    return JniUtils.getNumThreads();
  }
}
