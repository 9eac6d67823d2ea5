package dev.flotilla.jobs.corpus;

import dev.flotilla.ensembles.corpus.debian.DebianDomain;
import dev.flotilla.ensembles.corpus.debian.DebianTree;
import dev.flotilla.jobs.config.ConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code corpus-debian.*} keys: where the Debian packages were unpacked, where the corpus
 * folder goes, the byte caps and the domains to build (checked when the config is read: the
 * unpacked folder holds every package the domains need).
 */
public record DebianCorpusConfig(String unpacked, String out, long maxBytesPerDomain, int maxDocBytes,
    List<DebianDomain> domains, Map<String, String> packageVersions) {

  public DebianCorpusConfig {
    domains = List.copyOf(domains);
    packageVersions = Map.copyOf(packageVersions);
  }

  public static DebianCorpusConfig read(ConfigReader c) {
    String unpacked = c.nonBlank("corpus-debian.unpacked");
    Path root = Path.of(unpacked).toAbsolutePath();
    if (!Files.isDirectory(root.resolve("tree")) || !Files.isDirectory(root.resolve("lists"))) {
      throw c.error("corpus-debian.unpacked", "'" + unpacked + "' holds no tree/ and lists/ of unpacked packages"
          + " (scripts/prepare-corpus makes them)");
    }
    List<String> names = c.stringList("corpus-debian.domains", false);
    List<DebianDomain> domains = new ArrayList<>();
    for (String n : names) {
      try {
        domains.add(DebianDomain.named(n));
      } catch (IllegalArgumentException e) {
        throw c.error("corpus-debian.domains", e.getMessage());
      }
    }
    if (domains.isEmpty()) {
      domains.addAll(Arrays.asList(DebianDomain.values()));
    }
    if (domains.stream().filter(DebianDomain::training).count() < 3) {
      throw c.error("corpus-debian.domains", "names fewer than 3 training domains: the easy, medium and hard"
          + " groups are tertiles of their difficulty");
    }
    Map<String, String> versions;
    try {
      versions = new DebianTree(root).versions();
    } catch (RuntimeException e) {
      throw c.error("corpus-debian.unpacked", e.getMessage());
    }
    for (DebianDomain d : domains) {
      for (String p : d.packages()) {
        if (!versions.containsKey(p)) {
          throw c.error("corpus-debian.unpacked", "package " + p + " (domain " + d.domainName()
              + ") is not among the unpacked ones (versions.txt)");
        }
      }
    }
    long maxBytes = c.longAtLeast("corpus-debian.max-bytes-per-domain", 1);
    int maxDoc = c.intAtLeast("corpus-debian.max-doc-bytes", 64);
    return new DebianCorpusConfig(root.toString(), c.nonBlank("corpus-debian.out"), maxBytes, maxDoc, domains,
        versions);
  }
}
