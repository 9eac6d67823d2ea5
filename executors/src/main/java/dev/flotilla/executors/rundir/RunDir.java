package dev.flotilla.executors.rundir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Layout of a run directory on any Hadoop file system.
 *
 * <pre>
 * &lt;run&gt;/manifest.json            the single record of the run (driver writes it)
 * &lt;run&gt;/_lock                    held by the live driver
 * &lt;run&gt;/units/&lt;id&gt;/             committed outputs, each with _UNIT.json
 * &lt;run&gt;/_attempts/&lt;id&gt;/&lt;a&gt;/      private per-attempt dirs, renamed into units/ on commit
 * &lt;run&gt;/_checkpoints/&lt;id&gt;/        checkpoints that outlive failed attempts
 * &lt;run&gt;/report/                  human report (tables, charts) and its JSON
 * </pre>
 */
public final class RunDir {

  public static final String UNIT_RECORD = "_UNIT.json";
  public static final String ATTEMPT_RECORD = "_ATTEMPT.json";

  private final Path root;
  private final FileSystem fs;
  private final Configuration conf;

  private RunDir(Path root, FileSystem fs, Configuration conf) {
    this.root = root;
    this.fs = fs;
    this.conf = conf;
  }

  /** Opens (without creating) the run dir at {@code uri}; a bare path means the local FS. */
  public static RunDir at(String uri, Configuration conf) {
    Path root = FsPaths.of(uri);
    try {
      FileSystem fs = root.getFileSystem(conf);
      return new RunDir(fs.makeQualified(root), fs, conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open run dir " + uri + ": " + e.getMessage(), e);
    }
  }

  /**
   * Hadoop configuration from the key/values the driver shipped to executors. Cached per
   * distinct set of entries: parsing Hadoop's default XML resources costs tens of milliseconds,
   * paid once per executor JVM instead of once per unit.
   */
  public static Configuration conf(Map<String, String> entries) {
    return CONFS.computeIfAbsent(Map.copyOf(entries), e -> {
      Configuration conf = new Configuration();
      e.forEach(conf::set);
      conf.size(); // load the default resources now, once
      return conf;
    });
  }

  private static final Map<Map<String, String>, Configuration> CONFS =
      new java.util.concurrent.ConcurrentHashMap<>();

  public Path root() { return root; }
  public FileSystem fs() { return fs; }
  public Configuration conf() { return conf; }
  public String uri() { return root.toString(); }

  public Path manifest() { return new Path(root, "manifest.json"); }
  public Path lock() { return new Path(root, "_lock"); }
  public Path units() { return new Path(root, "units"); }
  public Path unit(String unitId) { return new Path(units(), unitId); }
  public Path unitRecord(String unitId) { return new Path(unit(unitId), UNIT_RECORD); }
  public Path attempts(String unitId) { return new Path(new Path(root, "_attempts"), unitId); }
  public Path checkpoints(String unitId) { return new Path(new Path(root, "_checkpoints"), unitId); }
  public Path report() { return new Path(root, "report"); }

  public boolean isCommitted(String unitId) {
    try {
      return fs.exists(unitRecord(unitId));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + unitRecord(unitId), e);
    }
  }
}
