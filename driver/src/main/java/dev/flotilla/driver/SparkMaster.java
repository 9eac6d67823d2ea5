package dev.flotilla.driver;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark master URL as Flotilla reads it: {@code local}, {@code local[N]}, {@code local[N,F]}
 * (N may be {@code *}) and {@code local-cluster[W,C,M]} run on this machine; anything else is a
 * cluster. The patterns are Spark's own ({@code SparkMasterRegex}), so Flotilla and Spark agree on
 * what is local. Immutable.
 *
 * @param url            the master as given (trimmed)
 * @param kind           local, local-cluster or cluster
 * @param threads        local modes: the thread count text ({@code "1"} for {@code local}, a
 *                       number or {@code *}); empty otherwise
 * @param taskFailures   {@code local[N,F]}: F; 0 when not given
 * @param workers        {@code local-cluster}: worker (executor) count; 0 otherwise
 * @param coresPerWorker {@code local-cluster}: cores of each worker; 0 otherwise
 */
public record SparkMaster(String url, Kind kind, String threads, int taskFailures, int workers,
    int coresPerWorker) {

  /** Where the executors run. */
  public enum Kind { LOCAL, LOCAL_CLUSTER, CLUSTER }

  private static final Pattern LOCAL_N = Pattern.compile("local\\[([0-9]+|\\*)]");
  private static final Pattern LOCAL_N_FAILURES = Pattern.compile("local\\[([0-9]+|\\*)\\s*,\\s*([0-9]+)]");
  private static final Pattern LOCAL_CLUSTER =
      Pattern.compile("local-cluster\\[\\s*([0-9]+)\\s*,\\s*([0-9]+)\\s*,\\s*([0-9]+)\\s*]");

  public static SparkMaster parse(String master) {
    String m = master.trim();
    if (m.equals("local")) {
      return new SparkMaster(m, Kind.LOCAL, "1", 0, 0, 0);
    }
    Matcher n = LOCAL_N.matcher(m);
    if (n.matches()) {
      return new SparkMaster(m, Kind.LOCAL, n.group(1), 0, 0, 0);
    }
    Matcher nf = LOCAL_N_FAILURES.matcher(m);
    if (nf.matches()) {
      return new SparkMaster(m, Kind.LOCAL, nf.group(1), Integer.parseInt(nf.group(2)), 0, 0);
    }
    Matcher c = LOCAL_CLUSTER.matcher(m);
    if (c.matches()) {
      return new SparkMaster(m, Kind.LOCAL_CLUSTER, "", 0, Integer.parseInt(c.group(1)),
          Integer.parseInt(c.group(2)));
    }
    return new SparkMaster(m, Kind.CLUSTER, "", 0, 0, 0);
  }

  /** Driver and executors all run on this machine (local threads or local-cluster JVMs). */
  public boolean isLocal() {
    return kind != Kind.CLUSTER;
  }

  /**
   * A standalone master on this machine's loopback ({@code spark://127.0.0.1:7077}, as
   * {@code scripts/cluster} starts): its workers, and so the executors, are on this machine too.
   */
  public boolean onLoopback() {
    if (!url.startsWith("spark://")) {
      return false;
    }
    for (String hostPort : url.substring("spark://".length()).split(",")) {
      String host = hostPort.trim().replaceFirst(":[0-9]+$", "");
      if (!(host.startsWith("127.") || host.equals("localhost") || host.equals("[::1]"))) {
        return false;
      }
    }
    return true;
  }

  /** Cores the master offers in all, or 0 if it cannot be told from the URL (a cluster). */
  public int cores() {
    return switch (kind) {
      case LOCAL -> threads.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(threads);
      case LOCAL_CLUSTER -> workers * coresPerWorker;
      case CLUSTER -> 0;
    };
  }

  /** Units of {@code cpus} cores that can run at once, or 0 if it cannot be told. */
  public int slots(int cpus) {
    return switch (kind) {
      case LOCAL -> Math.max(1, cores() / cpus);
      // Each executor offers floor(cores / cpus) slots.
      case LOCAL_CLUSTER -> workers * (coresPerWorker / cpus);
      case CLUSTER -> 0;
    };
  }

  /**
   * The master Flotilla starts: Spark's plain {@code local[N]} never retries a failed task, so it
   * becomes {@code local[N,F]}; every other form is kept as given.
   */
  public String withTaskRetries(int failures) {
    return kind == Kind.LOCAL && LOCAL_N.matcher(url).matches()
        ? "local[" + threads + "," + failures + "]" : url;
  }
}
