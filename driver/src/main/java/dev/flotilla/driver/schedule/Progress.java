package dev.flotilla.driver.schedule;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Console progress of a run: done/total with ETA, and running/failed/retried counts. A no-op
 * when disabled (tests, notebooks that prefer the Spark UI).
 */
final class Progress implements AutoCloseable {

  private final ProgressBar bar;
  private int running;
  private int failed;
  private int retried;

  Progress(boolean enabled, String label, long total, long alreadyDone) {
    this.bar = enabled
        ? new ProgressBarBuilder().setTaskName(label).setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
            .setMaxRenderedLength(110).continuousUpdate().build()
        : null;
    if (bar != null) {
      bar.stepTo(alreadyDone);
      bar.setExtraMessage(message());
    }
  }

  void started() {
    running++;
    refresh();
  }

  void committed() {
    running = Math.max(0, running - 1);
    if (bar != null) {
      bar.step();
    }
    refresh();
  }

  void retrying() {
    running = Math.max(0, running - 1);
    retried++;
    refresh();
  }

  void failed() {
    running = Math.max(0, running - 1);
    failed++;
    if (bar != null) {
      bar.step();
    }
    refresh();
  }

  private String message() {
    return "running " + running + " | failed " + failed + " | retried " + retried;
  }

  private void refresh() {
    if (bar != null) {
      bar.setExtraMessage(message());
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
