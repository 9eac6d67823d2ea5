package dev.flotilla.executors.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.executors.backend.djl.TorchThreads;
import dev.flotilla.executors.backend.dl4j.Nd4jThreads;
import dev.flotilla.executors.lm.LanguageModel;
import dev.flotilla.executors.lm.LmSpec;
import dev.flotilla.executors.unit.ComputeBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two models with different budgets, built on one thread and trained side by side on two others
 * in lockstep, as two units of one executor JVM: each batch runs with its own model's threads.
 */
class PerModelThreadsTest {

  private static final ComputeBudget ONE = ComputeBudget.ofCpus(1);
  private static final ComputeBudget TWO = ComputeBudget.ofCpus(2);
  private static ExecutorService workers;

  @BeforeAll
  static void start() {
    workers = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stop() {
    workers.shutdownNow();
  }

  /** A model of one family, reduced to what this test needs. */
  private interface Stepper extends AutoCloseable {
    void step();
    int threads();
    @Override void close();
  }

  private static Stepper model(String backend, String family, ComputeBudget budget, long seed) {
    if ("classifier".equals(family)) {
      ModelSpec spec = new ModelSpec(ModelSpec.MLP, List.of(32), 1, 28, 28, 10, 1e-3);
      TrainableModel m = Backends.get(backend, TrainableModel.FAMILY).build(spec, seed, budget);
      float[] x = new float[16 * 784];
      int[] y = new int[16];
      Random r = new Random(seed);
      for (int i = 0; i < x.length; i++) {
        x[i] = r.nextFloat();
      }
      for (int i = 0; i < y.length; i++) {
        y[i] = r.nextInt(10);
      }
      return stepper(() -> m.trainStep(x, y, 16), m::threads, m);
    }
    LmSpec spec = "djl".equals(backend)
        ? new LmSpec(LmSpec.TRANSFORMER, 1, 16, 2, 32, 16, 1e-3)
        : new LmSpec(LmSpec.LSTM, 1, 16, 0, 0, 16, 1e-3);
    LanguageModel m = Backends.forKind(LanguageModel.FAMILY, spec.kind()).build(spec, seed, budget);
    int[][] rows = new int[4][17];
    Random r = new Random(seed);
    for (int[] row : rows) {
      for (int t = 0; t < row.length; t++) {
        row[t] = r.nextInt(256);
      }
    }
    return stepper(() -> m.trainStep(rows, 1e-3), m::threads, m);
  }

  private static Stepper stepper(Runnable step, IntSupplier threads, AutoCloseable model) {
    return new Stepper() {
      @Override public void step() { step.run(); }
      @Override public int threads() { return threads.getAsInt(); }
      @Override public void close() {
        try {
          model.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  @ParameterizedTest
  @CsvSource({"djl,classifier", "dl4j,classifier", "djl,language-model", "dl4j,language-model"})
  void eachModelRunsWithItsOwnBudgetBesideAnother(String backend, String family) throws Exception {
    IntSupplier library = "djl".equals(backend) ? TorchThreads::current : Nd4jThreads::current;
    // Built here, on the test thread: a count applied only at build time would not reach the workers.
    try (Stepper one = model(backend, family, ONE, 1); Stepper two = model(backend, family, TWO, 2)) {
      CyclicBarrier bothStepped = new CyclicBarrier(2);
      Future<List<int[]>> a = workers.submit(() -> run(one, bothStepped, library));
      Future<List<int[]>> b = workers.submit(() -> run(two, bothStepped, library));
      // After both models have stepped (so both counts were set), each worker still has its own.
      assertThat(a.get()).allSatisfy(seen -> assertThat(seen).containsExactly(1, 1));
      assertThat(b.get()).allSatisfy(seen -> assertThat(seen).containsExactly(2, 2));
    }
  }

  /** Per step: the model's reported threads and the library's count on this thread, after both stepped. */
  private static List<int[]> run(Stepper m, CyclicBarrier bothStepped, IntSupplier library) throws Exception {
    List<int[]> seen = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      m.step();
      bothStepped.await();
      seen.add(new int[] {m.threads(), library.getAsInt()});
      bothStepped.await();
    }
    return seen;
  }
}
