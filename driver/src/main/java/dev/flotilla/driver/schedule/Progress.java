package dev.flotilla.driver.schedule;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Timer;
import java.util.TimerTask;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a run: done/total with ETA, and running/failed/retried counts. On a terminal a bar
 * redrawn in place; elsewhere (a log file, CI, a pipe: the bar's carriage returns made one
 * unreadable line there) one plain line per committed or failed unit, and one every
 * {@code quietMillis} while nothing finishes. A no-op when disabled (tests, notebooks that prefer
 * the Spark UI). Called from the scheduler's one event loop; the heartbeat thread only reads.
 */
final class Progress implements AutoCloseable {

  /** A plain line at least this often while units run (a log shows the run is alive). */
  static final long QUIET_MILLIS = 60_000;

  private final ProgressBar bar;
  private final PrintStream plain;
  private final Timer heartbeat;
  private final String label;
  private final long total;
  private final long startNanos = System.nanoTime();
  private volatile long done;
  private volatile long lastLineNanos = System.nanoTime();
  private volatile int running;
  private volatile int failed;
  private volatile int retried;

  /** Draws a bar only when the JVM has a terminal ({@link System#console()}), else plain lines on stderr. */
  Progress(boolean enabled, String label, long total, long alreadyDone) {
    this(enabled, System.console() != null, System.err, QUIET_MILLIS, label, total, alreadyDone);
  }

  Progress(boolean enabled, boolean terminal, PrintStream out, long quietMillis, String label,
      long total, long alreadyDone) {
    this.label = label;
    this.total = total;
    this.done = alreadyDone;
    this.bar = enabled && terminal
        ? new ProgressBarBuilder().setTaskName(label).setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
            .setMaxRenderedLength(110).continuousUpdate().build()
        : null;
    this.plain = enabled && !terminal ? out : null;
    this.heartbeat = plain != null && quietMillis > 0 ? new Timer("flotilla-progress", true) : null;
    if (bar != null) {
      bar.stepTo(alreadyDone);
      bar.setExtraMessage(message());
    }
    if (heartbeat != null) {
      heartbeat.scheduleAtFixedRate(new TimerTask() {
        @Override
        public void run() {
          if (System.nanoTime() - lastLineNanos >= quietMillis * 1_000_000L) {
            line("still running");
          }
        }
      }, quietMillis, quietMillis);
    }
    line("start");
  }

  void started() {
    running++;
    refresh();
  }

  void committed() {
    running = Math.max(0, running - 1);
    done++;
    if (bar != null) {
      bar.step();
    }
    refresh();
    line("unit committed");
  }

  void retrying() {
    running = Math.max(0, running - 1);
    retried++;
    refresh();
    line("unit retrying");
  }

  void failed() {
    running = Math.max(0, running - 1);
    failed++;
    done++;
    if (bar != null) {
      bar.step();
    }
    refresh();
    line("unit failed");
  }

  private String message() {
    return "running " + running + " | failed " + failed + " | retried " + retried;
  }

  private void refresh() {
    if (bar != null) {
      bar.setExtraMessage(message());
    }
  }

  /** {@code sweep: 3/7 units done (running 2 | failed 0 | retried 0), 1m05s elapsed: unit committed}. */
  private synchronized void line(String event) {
    if (plain == null) {
      return;
    }
    lastLineNanos = System.nanoTime();
    long s = (lastLineNanos - startNanos) / 1_000_000_000L;
    plain.println(String.format(Locale.ROOT, "%s: %d/%d units done (%s), %dm%02ds elapsed: %s",
        label, done, total, message(), s / 60, s % 60, event));
    plain.flush();
  }

  @Override
  public void close() {
    if (heartbeat != null) {
      heartbeat.cancel();
    }
    if (bar != null) {
      bar.close();
    }
  }
}
