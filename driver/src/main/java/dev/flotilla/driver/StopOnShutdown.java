package dev.flotilla.driver;

import dev.flotilla.driver.schedule.Scheduler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * On SIGTERM or Ctrl-C while units run, stops the scheduler and waits (briefly) until the driver
 * has recorded the in-flight units as cancelled and released the run dir's lock; the JVM then exits
 * with the signal's status (143 or 130). Registered through Hadoop's shutdown hook manager at a
 * priority above Spark's and the file systems' own hooks, so the session and the run dir's file
 * system are still open while the driver writes its last manifest.
 */
final class StopOnShutdown implements AutoCloseable {

  /** Higher runs first: Hadoop's FileSystem hook is 10, Spark's context hook 40. */
  private static final int PRIORITY = 100;
  private static final long WAIT_SECONDS = 25;

  private static final String REASON = "the driver was asked to stop (SIGTERM or Ctrl-C)";

  private final Runnable hook;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean signalled;
  private volatile Scheduler scheduler;

  StopOnShutdown() {
    this.hook = () -> {
      signalled = true;
      System.err.println("flotilla: stopping: cancelling the running units and recording them; "
          + "rerun the same command to resume");
      stopScheduler();
      try {
        finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    ShutdownHookManager.get().addShutdownHook(hook, PRIORITY, WAIT_SECONDS + 5, TimeUnit.SECONDS);
  }

  /** The scheduler to stop on a signal; stops it at once if the signal came first. */
  void watch(Scheduler s) {
    scheduler = s;
    if (signalled) {
      stopScheduler();
    }
  }

  private void stopScheduler() {
    Scheduler s = scheduler;
    if (s != null) {
      s.stop(REASON);
    }
  }

  boolean signalled() {
    return signalled;
  }

  /** Called once the driver has recorded everything and released the lock (on every path). */
  @Override
  public void close() {
    finished.countDown();
    if (!ShutdownHookManager.get().isShutdownInProgress()) {
      ShutdownHookManager.get().removeShutdownHook(hook);
    }
  }
}
