package dev.flotilla.executors.backend.djl;

import ai.djl.engine.Engine;
import java.util.function.Supplier;

/**
 * Seeded weight initialization on PyTorch. DJL's initializers and {@code randomUniform} draw from
 * libtorch's one process-wide generator, and {@code Engine.setRandomSeed} reseeds that generator:
 * two units building models at once in one executor JVM (two task slots of {@code local[2]})
 * interleaved their draws, so the same seed gave other weights (a sweep CNN reached 0.8334,
 * 0.8194 and 0.8082 in three runs). Every code path that draws from that generator (building a
 * model, and restoring one, whose initialization draws before the saved weights replace them)
 * runs here, one at a time per JVM, right after seeding. Classes that draw outside this lock
 * make the others' weights depend on timing again.
 */
public final class TorchRandom {

  private static final Object GENERATOR = new Object();

  private TorchRandom() {}

  /** Runs {@code init} alone on libtorch's generator, seeded with {@code seed} first. */
  public static <T> T seeded(long seed, Supplier<T> init) {
    Engine engine = TorchThreads.engine();
    synchronized (GENERATOR) {
      engine.setRandomSeed((int) (seed ^ (seed >>> 32)));
      return init.get();
    }
  }
}
