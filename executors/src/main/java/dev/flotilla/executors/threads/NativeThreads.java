package dev.flotilla.executors.threads;

/**
 * The native thread budget of the current task.
 *
 * <p>Two tasks on two cores must not each start a pool as wide as the machine, or they fight
 * (measured: DL4J's MLP ran at 1,978 examples/s with 2 threads vs 3,405 with 1 while another
 * task ran). The unit runner sets the budget to the task's cpus before the unit starts; each
 * backend applies it to its own library (OpenMP/OpenBLAS in nd4j, intra-op threads in
 * PyTorch) when it builds a model, so a unit that never touches a backend never loads one.
 * Executors launched by the driver also get {@code OMP_NUM_THREADS}/{@code
 * OPENBLAS_NUM_THREADS} in their environment, which covers pools created at library load.
 */
public final class NativeThreads {

  private static volatile int budget = Math.max(1, Runtime.getRuntime().availableProcessors());

  private NativeThreads() {}

  public static void limit(int cpus) {
    if (cpus < 1) {
      throw new IllegalArgumentException("cpus must be >= 1, got " + cpus);
    }
    budget = cpus;
    // Read by DJL's PyTorch engine if it is first loaded after this point.
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(cpus));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
  }

  public static int budget() {
    return budget;
  }
}
