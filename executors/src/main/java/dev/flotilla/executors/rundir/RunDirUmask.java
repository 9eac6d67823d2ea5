package dev.flotilla.executors.rundir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The umask of a local run directory: the user's, and never one that lets others write.
 *
 * <p>Hadoop's local file system does not follow the process's umask: it masks with
 * {@code fs.permissions.umask-mode} (default 022) and then sets the permissions explicitly, so a
 * user whose umask is 077 still got world-readable manifests and outputs. For {@code file://}
 * run dirs Flotilla sets that key to the user's umask — the key itself if the user set it, else
 * the process's — with the others' write bit always added. The driver ships the key to executors
 * with the rest of the Hadoop settings, so every file of the run gets the same mask.
 *
 * <p>Hadoop caches file systems by scheme and user, not by configuration: a local file system
 * made earlier with the default umask (by Spark, or a job listing its inputs) would be handed
 * back and would ignore this one. So the run dir's configuration also asks for its own instances
 * of the local file system ({@code fs.file.impl.disable.cache}); they hold no resources.
 */
public final class RunDirUmask {

  private static final int OTHERS_WRITE = 0002;
  private static final String NO_CACHE = "fs.file.impl.disable.cache";

  private RunDirUmask() {}

  /** {@code conf} itself for non-local run dirs; else a copy with the run dir's umask. */
  public static Configuration apply(String runDirUri, Configuration conf) {
    String scheme = new org.apache.hadoop.fs.Path(runDirUri).toUri().getScheme();
    if (scheme != null && !scheme.equals("file")) {
      return conf;
    }
    int umask = userSet(conf) ? FsPermission.getUMask(conf).toShort() : processUmask(conf);
    Configuration out = new Configuration(conf);
    out.set(FsPermission.UMASK_LABEL, String.format("%03o", umask | OTHERS_WRITE));
    out.setBoolean(NO_CACHE, true);
    return out;
  }

  /** Set anywhere but Hadoop's own defaults file (core-site.xml, spark.hadoop.*, code). */
  private static boolean userSet(Configuration conf) {
    String[] sources = conf.getPropertySources(FsPermission.UMASK_LABEL);
    return sources != null && !Arrays.asList(sources).equals(java.util.List.of("core-default.xml"));
  }

  /** The process's umask from Linux's {@code /proc/self/status}; Hadoop's setting elsewhere. */
  static int processUmask(Configuration conf) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Umask:")) {
          return Integer.parseInt(line.substring("Umask:".length()).trim(), 8);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux (or a kernel before 4.7): keep Hadoop's umask.
    }
    return FsPermission.getUMask(conf).toShort();
  }
}
