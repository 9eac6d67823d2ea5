package dev.flotilla.driver.report;

import dev.flotilla.driver.manifest.DriverRun;
import dev.flotilla.driver.manifest.RunManifest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What ran, for the top of a report: the job, the config as run (credentials already redacted in
 * the manifest), the versions of Flotilla and its libraries, when, the run seed, the machine and
 * the Spark master of the driver run that wrote the report. All read from the run's manifest.
 */
public record Provenance(String jobKind, String runDir, String date, long seed, String host,
    String master, Map<String, String> versions, Map<String, Object> config) {

  public Provenance {
    versions = Map.copyOf(new LinkedHashMap<>(versions));
    config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
  }

  /** From the manifest; the newest driver run gives the date, host and master. */
  public static Provenance of(RunManifest m) {
    DriverRun last = m.drivers.isEmpty() ? null : m.drivers.get(m.drivers.size() - 1);
    String date = last == null ? "" : DateTimeFormatter.ISO_OFFSET_DATE_TIME
        .format(Instant.ofEpochMilli(last.startMillis()).atOffset(ZoneOffset.UTC));
    return new Provenance(m.jobKind, m.runDir, date, m.seed, last == null ? "" : last.host(),
        last == null ? "" : last.master(), new LinkedHashMap<>(m.versions), m.config);
  }

  /** One line: {@code sweep, seed 1, 2026-11-29T21:00:00Z, host h, master local[2]}. */
  public String summary() {
    return jobKind + " run, seed " + seed + ", started " + date + " on " + host + ", master " + master;
  }

  /** {@code flotilla 0.1.0, spark 3.5.9, djl 0.36.0, ...}, in the manifest's order. */
  public String versionLine() {
    StringBuilder b = new StringBuilder();
    versions.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
    return b.toString();
  }
}
