package dev.flotilla.driver.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.executors.rundir.AtomicFiles;
import dev.flotilla.executors.rundir.RunDir;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <run>/_lock}: refuses a second live driver on the same run directory.
 *
 * <p>The holder rewrites the lock's heartbeat every {@link #HEARTBEAT}. A lock is stale, and may
 * be taken over, when its heartbeat is older than {@link #STALE_AFTER}, or when it was written on
 * this host by a process that no longer exists.
 */
public final class RunLock implements AutoCloseable {

  public static final Duration HEARTBEAT = Duration.ofSeconds(10);
  public static final Duration STALE_AFTER = Duration.ofSeconds(60);
  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
  private static final ObjectMapper JSON = dev.flotilla.executors.json.Json.FILES;

  private final RunDir dir;
  private final String token;
  private final ScheduledExecutorService heartbeat;

  private RunLock(RunDir dir, String token) {
    this.dir = dir;
    this.token = token;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "flotilla-lock-heartbeat");
      t.setDaemon(true);
      return t;
    });
    heartbeat.scheduleAtFixedRate(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** What a lock file says about its holder. */
  public record Holder(String host, long pid, String token, Instant started, Instant heartbeat) {

    public boolean isStale(Instant now, String thisHost) {
      if (Duration.between(heartbeat, now).compareTo(STALE_AFTER) > 0) {
        return true;
      }
      return thisHost.equals(host) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    public String describe(Instant now) {
      if (pid < 0) {
        return "an " + ("unknown".equals(host) ? "empty" : "unreadable") + " _lock file, not "
            + "written by a live driver (the next run takes it over)";
      }
      return "driver pid " + pid + " on " + host + " (started " + started + ", last heartbeat "
          + Duration.between(heartbeat, now).toSeconds() + " s ago)";
    }
  }

  public static RunLock acquire(RunDir dir) throws IOException {
    String host = hostName();
    long pid = ProcessHandle.current().pid();
    String token = host + ":" + pid + ":" + System.nanoTime();
    Instant now = Instant.now();
    for (int tries = 0; tries < 2; tries++) {
      try (FSDataOutputStream out = dir.fs().create(dir.lock(), false)) {
        out.write(json(host, pid, token, now, now).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new RunLock(dir, token);
      } catch (FileAlreadyExistsException e) {
        Optional<Holder> holder = read(dir);
        if (holder.isEmpty()) {
          continue; // released between our create and our read
        }
        Holder h = holder.get();
        if (!h.isStale(Instant.now(), host)) {
          throw new RunDirLockedException("run dir " + dir.uri() + " is in use by " + h.describe(Instant.now())
              + ". Wait for it to finish, or stop it; a lock whose heartbeat is older than "
              + STALE_AFTER.toSeconds() + " s is taken over automatically.");
        }
        LOG.warn("taking over the stale lock of {} on {}", h.describe(Instant.now()), dir.uri());
        dir.fs().delete(dir.lock(), false);
      }
    }
    throw new IllegalStateException("could not take the lock of " + dir.uri()
        + ": another driver took it at the same moment");
  }

  public static Optional<Holder> read(RunDir dir) throws IOException {
    if (!dir.fs().exists(dir.lock())) {
      return Optional.empty();
    }
    String text;
    try {
      text = AtomicFiles.readString(dir.fs(), dir.lock());
    } catch (java.io.FileNotFoundException e) {
      return Optional.empty();
    }
    if (text.isBlank()) {
      // Created but not yet written, or written by a driver that died at that moment.
      return Optional.of(new Holder("unknown", -1, "", Instant.EPOCH, Instant.EPOCH));
    }
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (IOException e) {
      n = null;
    }
    if (n == null || !n.isObject() || !n.has("heartbeatMillis")) {
      // Not written by a Flotilla driver (live drivers write whole JSON atomically): stale.
      LOG.warn("{} is not a Flotilla lock (unreadable JSON); treating it as stale", dir.lock());
      return Optional.of(new Holder("unreadable " + dir.lock().getName(), -1, "", Instant.EPOCH,
          Instant.EPOCH));
    }
    return Optional.of(new Holder(n.path("host").asText(), n.path("pid").asLong(),
        n.path("token").asText(), Instant.ofEpochMilli(n.path("startedMillis").asLong()),
        Instant.ofEpochMilli(n.path("heartbeatMillis").asLong())));
  }

  private void beat() {
    try {
      Optional<Holder> h = read(dir);
      if (h.isEmpty() || !token.equals(h.get().token())) {
        LOG.error("the lock of {} was taken by another driver; this driver keeps running, but "
            + "its manifest writes may now race", dir.uri());
        return;
      }
      AtomicFiles.writeString(dir.fs(), dir.conf(), dir.lock(),
          json(h.get().host(), h.get().pid(), token, h.get().started(), Instant.now()));
    } catch (IOException | RuntimeException e) {
      LOG.warn("lock heartbeat on {} failed: {}", dir.uri(), e.toString());
    }
  }

  private static String json(String host, long pid, String token, Instant started, Instant beat) {
    return JSON.createObjectNode().put("host", host).put("pid", pid).put("token", token)
        .put("startedMillis", started.toEpochMilli()).put("heartbeatMillis", beat.toEpochMilli())
        .toString();
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public void close() throws IOException {
    heartbeat.shutdown();
    try {
      // A beat in flight would write the lock again after the delete below (seen on HDFS: the
      // next run on the same dir found this driver's lock, 0 s old).
      if (!heartbeat.awaitTermination(30, TimeUnit.SECONDS)) {
        heartbeat.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Optional<Holder> h = read(dir);
    if (h.isPresent() && token.equals(h.get().token())) {
      dir.fs().delete(dir.lock(), false);
    }
  }
}
