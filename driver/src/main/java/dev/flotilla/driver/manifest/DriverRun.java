package dev.flotilla.driver.manifest;

/** One driver invocation on this run dir (a run resumed twice has three). */
public record DriverRun(String host, long pid, String master, String sparkAppId, long startMillis,
    long endMillis, String outcome) {

  DriverRun ended(long end, String how) {
    return new DriverRun(host, pid, master, sparkAppId, startMillis, end, how);
  }
}
