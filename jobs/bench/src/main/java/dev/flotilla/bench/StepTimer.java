package dev.flotilla.bench;

import java.util.function.IntToDoubleFunction;
import picocli.CommandLine.Option;

/**
 * The timing rule and thread budget shared by the training benchmarks (a picocli mixin) and
 * their python peers: {@code --warmup} untimed steps (library init, JIT, allocator and
 * workspace growth land there), then at least {@code --min-steps} steps and at least
 * {@code --min-seconds} seconds, timed as one span.
 */
final class StepTimer {

  @Option(names = "--threads", defaultValue = "1", description = "native thread budget")
  int threads;

  @Option(names = "--warmup", defaultValue = "5", description = "untimed steps first")
  int warmup;

  @Option(names = "--min-steps", defaultValue = "10", description = "timed steps, at least")
  int minSteps;

  @Option(names = "--min-seconds", defaultValue = "8", description = "timed seconds, at least")
  double minSeconds;

  /** This timer's threads with another rule (for a second, shorter measurement in one command). */
  StepTimer withRule(int warmupSteps, int minTimedSteps, double minTimedSeconds) {
    StepTimer t = new StepTimer();
    t.threads = threads;
    t.warmup = warmupSteps;
    t.minSteps = minTimedSteps;
    t.minSeconds = minTimedSeconds;
    return t;
  }

  /** What a timed run measured; losses are the step function's return values. */
  record Timed(int warmupSteps, int timedSteps, double seconds, double firstLoss, double lastLoss) {
    /** Timed steps per second, times {@code itemsPerStep}. */
    double perSecond(double itemsPerStep) {
      return timedSteps * itemsPerStep / seconds;
    }
  }

  /** Runs {@code step} (given the 0-based step number, returning the loss) by the rule. */
  Timed run(IntToDoubleFunction step) {
    double firstLoss = Double.NaN;
    double loss = Double.NaN;
    int i = 0;
    for (; i < warmup; i++) {
      loss = step.applyAsDouble(i);
      if (i == 0) {
        firstLoss = loss;
      }
    }
    int timed = 0;
    long t0 = System.nanoTime();
    double seconds;
    do {
      loss = step.applyAsDouble(i);
      if (i == 0) {
        firstLoss = loss;
      }
      i++;
      timed++;
      seconds = (System.nanoTime() - t0) / 1e9;
    } while (timed < minSteps || seconds < minSeconds);
    return new Timed(warmup, timed, seconds, firstLoss, loss);
  }
}
