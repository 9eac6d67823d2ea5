package dev.flotilla.ensembles.corpus;

import dev.flotilla.executors.unit.WorkUnit;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
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
 * @param splitSeed seed of the document-level split (a hash of each document's content and it)
 */
public record CorpusSource(String uri, Map<String, Long> bytes, long splitSeed, double validFraction,
    double testFraction) {

  public CorpusSource {
    bytes = Collections.unmodifiableMap(new LinkedHashMap<>(bytes));
    if (!(validFraction > 0 && testFraction > 0 && validFraction + testFraction < 1)) {
      throw new IllegalArgumentException("valid fraction " + validFraction + " and test fraction " + testFraction
          + ": each must be > 0 and together < 1");
    }
  }

  /**
   * Lists the named domains of folder {@code dir} (every subfolder when {@code domains} is
   * empty) with the default Hadoop configuration ({@code HADOOP_CONF_DIR}); errors name the
   * folder or the domain.
   */
  public static CorpusSource scan(String dir, List<String> domains, long splitSeed, double validFraction,
      double testFraction) {
    String uri = URI.create(dir.replace(" ", "%20")).getScheme() == null
        ? new File(dir).getAbsoluteFile().toURI().toString() : dir;
    Path root = new Path(uri);
    Map<String, Long> bytes = new LinkedHashMap<>();
    try {
      FileSystem fs = root.getFileSystem(new Configuration());
      if (!fs.exists(root)) {
        throw new IllegalArgumentException("the corpus folder does not exist"
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
      throw new IllegalArgumentException("the folder has no domain folders");
    }
    return new CorpusSource(uri, bytes, splitSeed, validFraction, testFraction);
  }

  public CorpusUnit unit(String domain) {
    return new CorpusUnit(domain, uri, splitSeed, validFraction, testFraction, bytes.get(domain));
  }

  public List<WorkUnit> units() {
    return bytes.keySet().stream().map(d -> (WorkUnit) unit(d)).toList();
  }
}
