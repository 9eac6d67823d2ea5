package dev.flotilla.driver.manifest;

/**
 * One driver invocation on this run dir (a run resumed twice has three). {@code recordWrites} and
 * {@code recordBytes} count what it wrote of the run record (journal change files and snapshots)
 * until it ended, so the cost of keeping the record per commit can be read off any run.
 */
public record DriverRun(String host, long pid, String master, String sparkAppId, long startMillis,
    long endMillis, String outcome, long recordWrites, long recordBytes) {

  /** A driver run that has written nothing of the record yet. */
  public DriverRun(String host, long pid, String master, String sparkAppId, long startMillis,
      long endMillis, String outcome) {
    this(host, pid, master, sparkAppId, startMillis, endMillis, outcome, 0, 0);
  }

  DriverRun ended(long end, String how, long writes, long bytes) {
    return new DriverRun(host, pid, master, sparkAppId, startMillis, end, how, writes, bytes);
  }
}
