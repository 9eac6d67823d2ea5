package dev.flotilla.executors.backend.dl4j;

import dev.flotilla.executors.unit.ComputeBudget;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * A model's cores applied to nd4j's thread pools. nd4j 1.0.0-M2.1 has two kinds of them:
 *
 * <ul>
 *   <li>libnd4j's own loops are OpenMP regions (libnd4jcpu.so links libgomp), sized by the calling
 *       thread's OpenMP setting; {@code NativeOps.setOmpNumThreads} is {@code omp_set_num_threads},
 *       which holds for the calling thread only (measured: two threads set 1 and 2 and kept them).
 *       Applied per batch on the thread that runs it, like PyTorch's.
 *   <li>OpenBLAS (0.3.19 from javacpp 1.5.7, a pthreads build: {@code openblas_set_num_threads}
 *       sets one global count) and nd4j's {@code Environment} max threads are process-wide.
 *       They are set when a model is built, and the last build wins: two dl4j units with
 *       different budgets in one JVM share the BLAS count, which is most of a dense layer's time.
 *       The driver also gives executors {@code OPENBLAS_NUM_THREADS}, which covers the common
 *       case of every unit having the same cpus.
 * </ul>
 */
public final class Nd4jThreads {

  private Nd4jThreads() {}

  /** The process-wide settings (BLAS, Environment): when a model is built. */
  public static void applyProcessWide(ComputeBudget budget) {
    int cpus = budget.cpus();
    Nd4j.getEnvironment().setMaxThreads(cpus);
    Nd4j.getEnvironment().setMaxMasterThreads(cpus);
    Nd4j.factory().blas().setMaxThreads(cpus);
    apply(budget);
  }

  /**
   * Gives the calling thread {@code budget.cpus()} OpenMP threads if it has another count;
   * returns the count it has now, as OpenMP reports it.
   */
  public static int apply(ComputeBudget budget) {
    int now = current();
    if (now != budget.cpus()) {
      NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(budget.cpus());
      now = current();
    }
    return now;
  }

  /** The calling thread's OpenMP thread count (libnd4j's loops), as OpenMP reports it. */
  public static int current() {
    return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
  }
}
