package dev.flotilla.jobs.corpus;

import dev.flotilla.ensembles.corpus.CorpusSource;
import dev.flotilla.ensembles.corpus.DocumentFormat;
import dev.flotilla.ensembles.corpus.DomainInput;
import dev.flotilla.jobs.config.ConfigReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code corpus.*} keys: a folder of {@code <domain>/*.txt}, the user's own domains
 * ({@code extra-domains}: .txt, JSONL or Parquet on any Hadoop FS) and how to split them, with
 * every domain listed (it exists and holds text) when the config is read.
 *
 * @param domains the domains asked for; empty = every subfolder
 */
public record CorpusConfig(List<String> domains, CorpusSource source) {

  public CorpusConfig {
    domains = List.copyOf(domains);
  }

  public static CorpusConfig read(ConfigReader c) {
    List<String> domains = c.stringList("corpus.domains", false);
    return new CorpusConfig(domains, source(c, "corpus", domains));
  }

  /**
   * Reads {@code <section>.dir}, {@code extra-domains}, {@code split-seed}, {@code valid-fraction}
   * and {@code test-fraction}, and lists the named domains (all of the folder's and the extra
   * ones when empty). Shared by every job that reads a corpus section.
   */
  public static CorpusSource source(ConfigReader c, String section, List<String> domains) {
    String dir = c.nonBlank(section + ".dir");
    long seed = c.longAtLeast(section + ".split-seed", Long.MIN_VALUE); // any whole number
    double valid = c.fraction(section + ".valid-fraction");
    double test = c.fraction(section + ".test-fraction");
    if (valid + test >= 1) {
      throw c.error(section + ".test-fraction", "with " + section + ".valid-fraction = " + valid
          + " it leaves nothing to train on: together they must be < 1");
    }
    Map<String, DomainInput> extra = extraDomains(c, section + ".extra-domains");
    try {
      return CorpusSource.scan(dir, domains, extra, seed, valid, test);
    } catch (IllegalArgumentException e) {
      String failed = extra.keySet().stream().filter(d -> e.getMessage().startsWith("domain " + d + ":"))
          .findFirst().orElse(null);
      throw c.error(failed == null ? section + ".dir" : section + ".extra-domains", e.getMessage());
    }
  }

  private static final Set<String> EXTRA_KEYS = Set.of("name", "path", "format", "field");

  /** {@code [{name, path, format = txt | jsonl | parquet, field}]}: the user's own domains by name. */
  static Map<String, DomainInput> extraDomains(ConfigReader c, String key) {
    Map<String, DomainInput> out = new LinkedHashMap<>();
    if (!c.has(key)) {
      return out;
    }
    for (ConfigReader e : c.objectList(key, false)) {
      e.onlyKeys(EXTRA_KEYS);
      String name = e.nonBlank("name");
      if (name.contains("/") || out.containsKey(name)) {
        throw e.error("name", out.containsKey(name) ? "named twice" : "a domain name cannot contain '/'");
      }
      String format = e.oneOf("format", DocumentFormat.names());
      String field = e.has("field") ? e.nonBlank("field") : null;
      try {
        out.put(name, new DomainInput(e.nonBlank("path"), format, field));
      } catch (IllegalArgumentException x) {
        throw e.error(field == null ? "format" : "field", x.getMessage());
      }
    }
    return out;
  }
}
