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
 * The domains of a corpus, checked on the driver before any unit runs: the folders of
 * {@code <dir>/<domain>/*.txt} and the user's own domains, each with its own {@link DomainInput}
 * (a folder, file or glob of .txt, JSONL or Parquet files on any Hadoop FS). Every domain must
 * exist, hold files of its format and some bytes.
 *
 * @param uri absolute folder URI (a plain path is made absolute against the working directory)
 * @param bytes source bytes of every domain, in the order given
 * @param splitSeed seed of the document-level split (a hash of each document's content and it)
 * @param inputs the domains with their own input, by name (the others are {@code <uri>/<name>/*.txt})
 */
public record CorpusSource(String uri, Map<String, Long> bytes, long splitSeed, double validFraction,
    double testFraction, Map<String, DomainInput> inputs) {

  public CorpusSource {
    bytes = Collections.unmodifiableMap(new LinkedHashMap<>(bytes));
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    if (!(validFraction > 0 && testFraction > 0 && validFraction + testFraction < 1)) {
      throw new IllegalArgumentException("valid fraction " + validFraction + " and test fraction " + testFraction
          + ": each must be > 0 and together < 1");
    }
  }

  public CorpusSource(String uri, Map<String, Long> bytes, long splitSeed, double validFraction, double testFraction) {
    this(uri, bytes, splitSeed, validFraction, testFraction, Map.of());
  }

  /** As {@link #scan(String, List, Map, long, double, double)} without domains of the user's own. */
  public static CorpusSource scan(String dir, List<String> domains, long splitSeed, double validFraction,
      double testFraction) {
    return scan(dir, domains, Map.of(), splitSeed, validFraction, testFraction);
  }

  /**
   * Lists the named domains of folder {@code dir} (every subfolder when {@code domains} is
   * empty) and the domains of {@code extra}, with the default Hadoop configuration
   * ({@code HADOOP_CONF_DIR}); errors name the folder or the domain. A name in {@code domains}
   * that is a key of {@code extra} is read from its input, not from {@code dir}.
   */
  public static CorpusSource scan(String dir, List<String> domains, Map<String, DomainInput> extra, long splitSeed,
      double validFraction, double testFraction) {
    String uri = absolute(dir);
    Path root = new Path(uri);
    Map<String, Long> bytes = new LinkedHashMap<>();
    Map<String, DomainInput> inputs = new LinkedHashMap<>();
    try {
      FileSystem fs = root.getFileSystem(new Configuration());
      List<String> names = new ArrayList<>(domains);
      boolean needsDir = names.isEmpty() || names.stream().anyMatch(d -> !extra.containsKey(d));
      if (needsDir && !fs.exists(root)) {
        throw new IllegalArgumentException("the corpus folder does not exist"
            + " (scripts/prepare-corpus builds one from Debian packages)");
      }
      if (names.isEmpty()) {
        for (FileStatus s : fs.listStatus(root)) {
          if (s.isDirectory() && !extra.containsKey(s.getPath().getName())) {
            names.add(s.getPath().getName());
          }
        }
        names.sort(String::compareTo);
        names.addAll(extra.keySet());
      }
      for (String d : names) {
        DomainInput in = extra.containsKey(d) ? withAbsolutePath(extra.get(d)) : DomainInput.txtFolder(uri, d);
        long total;
        try {
          total = size(in, d);
        } catch (IllegalArgumentException e) {
          // A user's domain is named, so its key can be: "domain law: domain path ... does not exist".
          throw extra.containsKey(d) ? new IllegalArgumentException("domain " + d + ": " + e.getMessage(), e) : e;
        }
        if (total == 0) {
          throw new IllegalArgumentException("domain " + d + ": every " + in.documentFormat().extension()
              + " file of " + in.path() + " is empty");
        }
        bytes.put(d, total);
        if (extra.containsKey(d)) {
          inputs.put(d, in);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the corpus folder " + dir + ": " + e.getMessage(), e);
    }
    if (bytes.isEmpty()) {
      throw new IllegalArgumentException("the folder has no domain folders");
    }
    return new CorpusSource(uri, bytes, splitSeed, validFraction, testFraction, inputs);
  }

  private static long size(DomainInput in, String domain) throws IOException {
    Path p = new Path(in.path());
    long total = 0;
    try {
      for (FileStatus f : in.files(p.getFileSystem(new Configuration()))) {
        total += f.getLen();
      }
    } catch (IOException e) {
      throw new IOException("domain " + domain + ": cannot list " + in.path() + ": " + e.getMessage(), e);
    }
    return total;
  }

  /** A plain path made absolute against the working directory; URIs as given. */
  private static String absolute(String dir) {
    return URI.create(dir.replace(" ", "%20").replaceAll("[*?\\[\\]{}]", "x")).getScheme() == null
        ? new File(dir).getAbsoluteFile().toURI().toString() : dir;
  }

  private static DomainInput withAbsolutePath(DomainInput in) {
    return new DomainInput(absolute(in.path()), in.format(), in.field());
  }

  public CorpusUnit unit(String domain) {
    DomainInput in = inputs.get(domain);
    return new CorpusUnit(domain, in == null ? uri : in.path(), splitSeed, validFraction, testFraction,
        bytes.get(domain), in);
  }

  public List<WorkUnit> units() {
    return bytes.keySet().stream().map(d -> (WorkUnit) unit(d)).toList();
  }
}
