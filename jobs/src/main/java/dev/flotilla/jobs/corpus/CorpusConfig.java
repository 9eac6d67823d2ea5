package dev.flotilla.jobs.corpus;

import dev.flotilla.ensembles.corpus.CorpusSource;
import dev.flotilla.jobs.config.ConfigReader;
import java.util.List;

/**
 * The {@code corpus.*} keys: a folder of {@code <domain>/*.txt} and how to split it, with the
 * folder listed (every named domain exists and holds text) when the config is read.
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
   * Reads {@code <section>.dir}, {@code split-seed}, {@code valid-fraction} and
   * {@code test-fraction}, and lists the named domains of the folder (all when empty). Shared by
   * every job that reads a corpus section.
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
    try {
      return CorpusSource.scan(dir, domains, seed, valid, test);
    } catch (IllegalArgumentException e) {
      throw c.error(section + ".dir", e.getMessage());
    }
  }
}
