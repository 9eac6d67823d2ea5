package dev.flotilla.jobs.burn;

import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Burns exactly {@code seconds} of CPU time of its own thread (not wall time: a unit that has to
 * share its core takes longer, and the engine benchmark sees it). Its known cost is what lets
 * the benchmark compare a makespan with its lower bound.
 */
public record BurnUnit(int index, double seconds) implements WorkUnit {

  public static final String KIND = "burn";

  public BurnUnit {
    if (!(seconds >= 0)) {
      throw new IllegalArgumentException("burn seconds must be >= 0, got " + seconds);
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String name() {
    return "burn-" + index + "-" + seconds + "s";
  }

  @Override
  public double cost() {
    return seconds;
  }

  @Override
  public UnitOutput execute(UnitContext ctx) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long budget = (long) (seconds * 1e9);
    long cpu0 = threads.getCurrentThreadCpuTime();
    long wall0 = System.nanoTime();
    double x = 1.0 + index;
    long rounds = 0;
    while (threads.getCurrentThreadCpuTime() - cpu0 < budget) {
      for (int i = 0; i < 20_000; i++) {
        x = x * 1.0000001 + 1e-9; // dependent FP chain: pure CPU, no memory traffic
      }
      rounds++;
    }
    double wall = (System.nanoTime() - wall0) / 1e9;
    return UnitOutput.of(new BurnResult((threads.getCurrentThreadCpuTime() - cpu0) / 1e9, wall,
        rounds, x));
  }
}
