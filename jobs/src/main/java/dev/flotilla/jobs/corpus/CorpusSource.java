package dev.flotilla.jobs.corpus;

import com.typesafe.config.Config;
import dev.flotilla.executors.unit.WorkUnit;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A folder of {@code <domain>/*.txt} on any Hadoop FileSystem, checked on the driver before any
 * unit runs: every named domain must exist, hold .txt files and some text.
 *
 * @param uri absolute folder URI (a plain path is made absolute against the working directory)
 * @param bytes source bytes of every domain, in the order given
 */
public record CorpusSource(String uri, Map<String, Long> bytes, long splitSeed, double validFraction,
    double testFraction) {

  public CorpusSource {
    bytes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bytes));
  }

  /**
   * Reads {@code <prefix>.dir}, {@code split-seed}, {@code valid-fraction}, {@code test-fraction}
   * and scans the named domains (all subfolders when {@code domains} is empty).
   */
  public static CorpusSource scan(Config c, String prefix, List<String> domains) {
    String dir = c.getString(prefix + ".dir");
    double valid = c.getDouble(prefix + ".valid-fraction");
    double test = c.getDouble(prefix + ".test-fraction");
    if (valid <= 0 || test <= 0 || valid + test >= 1) {
      throw new IllegalArgumentException(prefix + ".valid-fraction = " + valid + ", " + prefix + ".test-fraction = "
          + test + ": each must be > 0 and together < 1");
    }
    String uri = URI.create(dir.replace(" ", "%20")).getScheme() == null
        ? new File(dir).getAbsoluteFile().toURI().toString() : dir;
    Path root = new Path(uri);
    Map<String, Long> bytes = new LinkedHashMap<>();
    try {
      FileSystem fs = root.getFileSystem(new Configuration());
      if (!fs.exists(root)) {
        throw new IllegalArgumentException(prefix + ".dir = " + dir + ": the corpus folder does not exist"
            + " (scripts/prepare-corpus builds one from Debian packages)");
      }
      List<String> names = new ArrayList<>(domains);
      if (names.isEmpty()) {
        for (FileStatus s : fs.listStatus(root)) {
          if (s.isDirectory()) {
            names.add(s.getPath().getName());
          }
        }
        names.sort(String::compareTo);
      }
      for (String d : names) {
        long total = 0;
        for (FileStatus f : CorpusUnit.documents(fs, CorpusUnit.domainDir(uri, d))) {
          total += f.getLen();
        }
        if (total == 0) {
          throw new IllegalArgumentException("domain " + d + ": every .txt file in " + CorpusUnit.domainDir(uri, d)
              + " is empty");
        }
        bytes.put(d, total);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the corpus folder " + dir + ": " + e.getMessage(), e);
    }
    if (bytes.isEmpty()) {
      throw new IllegalArgumentException(prefix + ".dir = " + dir + " has no domain folders");
    }
    return new CorpusSource(uri, bytes, c.getLong(prefix + ".split-seed"), valid, test);
  }

  public CorpusUnit unit(String domain) {
    return new CorpusUnit(domain, uri, splitSeed, validFraction, testFraction, bytes.get(domain));
  }

  public List<WorkUnit> units() {
    return bytes.keySet().stream().map(d -> (WorkUnit) unit(d)).toList();
  }
}
