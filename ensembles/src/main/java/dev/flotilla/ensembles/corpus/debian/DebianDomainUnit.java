package dev.flotilla.ensembles.corpus.debian;

import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;

/**
 * Extracts one domain of the Debian corpus from the unpacked packages ({@link DomainExtraction})
 * and commits its selected documents as {@link DocumentsFile#NAME}.
 *
 * @param unpacked the folder {@code scripts/prepare-corpus} unpacked the packages into (local)
 * @param packageVersions the versions of the domain's packages: a new package version is a new unit
 */
public record DebianDomainUnit(String domain, String unpacked, Map<String, String> packageVersions,
    long maxBytes, int maxDocBytes) implements WorkUnit {

  public static final String KIND = "corpus-debian-domain";

  public DebianDomainUnit {
    packageVersions = Collections.unmodifiableMap(new TreeMap<>(packageVersions));
    DebianDomain.named(domain); // an unknown name fails when the spec is read
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String name() {
    return "extract-" + domain;
  }

  @Override
  public double cost() {
    // Measured on 2 cores: man pages (groff per page) and the glibc tarball take longest.
    return switch (DebianDomain.named(domain)) {
      case MANPAGES -> 60;
      case C, SHELL, JAVA -> 30;
      default -> 5;
    };
  }

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    DebianTree tree = new DebianTree(Path.of(unpacked));
    int threads = Math.max(2, ctx.budget().cpus()); // groff processes wait on pipes half the time
    DomainExtraction.Extracted e = DomainExtraction.run(DebianDomain.named(domain), tree, maxBytes, maxDocBytes,
        threads);
    FileSystem fs = ctx.fs();
    DocumentsFile.write(fs, new org.apache.hadoop.fs.Path(ctx.outputDir(), DocumentsFile.NAME), e.documents());
    return UnitOutput.of(e.result());
  }
}
