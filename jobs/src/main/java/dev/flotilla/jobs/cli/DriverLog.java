package dev.flotilla.jobs.cli;

import dev.flotilla.executors.rundir.FsPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * The driver's full log of one CLI invocation, with every stack trace, so the console can stay at
 * one {@code flotilla: ...} line per failure. Written to {@code <run-dir>/logs/driver-<time>.log}
 * when the run dir is local; for a remote run dir (hdfs://, s3a://) to a local file first and copied
 * into the run dir's {@code logs/} when the command ends.
 */
final class DriverLog {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final String APPENDER = "flotilla-driver-log";

  private final java.nio.file.Path local;
  private final Path target;

  private DriverLog(java.nio.file.Path local, Path target) {
    this.local = local;
    this.target = target;
  }

  /** Starts logging everything (INFO and up, with traces) for a run in {@code runDir}. */
  static DriverLog start(String runDir) {
    String name = "driver-" + STAMP.format(Instant.now()) + ".log";
    Path dir = new Path(FsPaths.of(runDir), "logs");
    java.nio.file.Path local;
    try {
      if ("file".equals(dir.toUri().getScheme())) {
        local = java.nio.file.Path.of(dir.toUri().getPath(), name);
        // Like everything in a run dir: the user's umask, but never writable by others (the run
        // dir itself may not exist yet: every folder made here is masked).
        java.nio.file.Path first = local.getParent();
        while (first.getParent() != null && !Files.exists(first.getParent())) {
          first = first.getParent();
        }
        boolean made = !Files.exists(first);
        Files.createDirectories(local.getParent());
        for (java.nio.file.Path d = local.getParent(); made && d != null && d.startsWith(first);
            d = d.getParent()) {
          notWritableByOthers(d);
        }
        Files.createFile(local);
        notWritableByOthers(local);
        notWritableByOthers(local.getParent());
      } else {
        local = Files.createTempFile("flotilla-driver-", ".log");
      }
    } catch (IOException e) {
      // The run dir cannot hold it (under a file, unwritable): the trace still goes somewhere.
      try {
        local = Files.createTempFile("flotilla-driver-", ".log");
      } catch (IOException again) {
        return new DriverLog(null, null);
      }
      attach(local);
      return new DriverLog(local, null);
    }
    attach(local);
    return new DriverLog(local, new Path(dir, name));
  }

  /** Where a person finds the full log (the run dir's copy). */
  String where() {
    if (local == null) {
      return "the console above";
    }
    return target == null ? local.toString() : target.toString();
  }

  /** Appends a failure's full trace to the log. */
  void failure(Throwable e) {
    if (local == null) {
      return;
    }
    StringWriter sw = new StringWriter();
    e.printStackTrace(new PrintWriter(sw));
    // Straight into the file (the appender flushes every event): the console has its one line.
    try {
      Files.writeString(local, Instant.now() + " command failed:\n" + sw,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException full) {
      // A full disk may be the failure itself; the console line still says what happened.
    }
  }

  /** Detaches the appender and, for a remote run dir, copies the log there. */
  void close() {
    if (local == null) {
      return;
    }
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    var config = ctx.getConfiguration();
    var appender = config.getAppender(APPENDER);
    if (appender != null) {
      config.getRootLogger().removeAppender(APPENDER);
      appender.stop();
      ctx.updateLoggers();
    }
    if (target != null && !"file".equals(target.toUri().getScheme())) {
      try (InputStream in = Files.newInputStream(local);
          FileSystem fs = target.getFileSystem(new Configuration());
          OutputStream out = fs.create(target, true)) {
        in.transferTo(out);
      } catch (IOException e) {
        // Not a second "flotilla:" line: the failure, if any, was already said in one.
        System.err.println("  (the log stays at " + local + ": copying it to " + target
            + " failed: " + e.getMessage() + ")");
      }
    }
  }

  private static void notWritableByOthers(java.nio.file.Path p) throws IOException {
    var perms = new java.util.HashSet<>(Files.getPosixFilePermissions(p));
    if (perms.remove(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE)) {
      Files.setPosixFilePermissions(p, perms);
    }
  }

  private static void attach(java.nio.file.Path file) {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    var config = ctx.getConfiguration();
    FileAppender appender = FileAppender.newBuilder()
        .setName(APPENDER)
        .withFileName(file.toString())
        .setLayout(PatternLayout.newBuilder().withConfiguration(config)
            .withPattern("%d{ISO8601} %p [%t] %c: %m%n").build())
        .setConfiguration(config)
        .build();
    appender.start();
    config.addAppender(appender);
    // Loggers' own levels still apply (conf/log4j2.properties: Flotilla INFO, the rest WARN).
    config.getRootLogger().addAppender(appender, Level.INFO, null);
    ctx.updateLoggers();
  }
}
