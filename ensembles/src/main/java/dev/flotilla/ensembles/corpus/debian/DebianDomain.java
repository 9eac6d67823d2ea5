package dev.flotilla.ensembles.corpus.debian;

import dev.flotilla.ensembles.corpus.debian.RawDocument.Licence;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The domains of the Debian corpus: what each is made of, from which packages, and whether
 * experts train on it ({@code train}) or it is only evaluated on ({@code eval}).
 */
public enum DebianDomain {
  JAVA("java", "code", "train", List.of("openjdk-17-source"),
      "src.zip *.java (without jdk.localedata), license header removed"),
  C("c", "code", "train", List.of("glibc-source"),
      "glibc tarball *.c/*.h (without iconvdata/, localedata/), license header removed"),
  PYTHON("python", "code", "train", List.of("libpython3.11-minimal", "libpython3.11-stdlib"),
      "/usr/lib/python3.11 *.py, one module per document"),
  MANPAGES("manpages", "docs", "train", List.of("manpages", "manpages-dev"),
      "man pages rendered by groff -man -Tutf8 at 80 columns"),
  DEBIAN_REFERENCE_EN("debian-reference-en", "docs", "train", List.of("debian-reference-en"),
      "HTML chapters as text (jsoup), one <h2> section per document"),
  DEBIAN_HANDBOOK_EN("debian-handbook-en", "docs", "train", List.of("debian-handbook"),
      "en-US HTML pages as text (jsoup), one page per document"),
  FORTUNES_QUOTES("fortunes-quotes", "prose", "train", List.of("fortunes", "fortunes-min"),
      "fortune categories " + String.join(", ", DebianSources.FORTUNE_QUOTES)),
  FORTUNES_TECH("fortunes-tech", "prose", "train", List.of("fortunes"),
      "fortune categories " + String.join(", ", DebianSources.FORTUNE_TECH)),
  FORTUNES_MISC("fortunes-misc", "prose", "train", List.of("fortunes", "fortunes-min"),
      "all other fortune categories (not ascii-art, not songs-poems)"),
  PERL_POD("perl-pod", "docs", "eval", List.of("perl-doc"), "*.pod files, raw POD"),
  SHELL("shell", "code", "eval", List.of("glibc-source"),
      "glibc tarball shell scripts (*.sh, *.ksh, #! sh), license header removed"),
  DEBIAN_REFERENCE_FR("debian-reference-fr", "docs", "eval", List.of("debian-reference-fr"),
      "HTML chapters as text (jsoup), one <h2> section per document"),
  DEBIAN_HANDBOOK_DE("debian-handbook-de", "docs", "eval", List.of("debian-handbook"),
      "de-DE HTML pages as text (jsoup), one page per document"),
  FORTUNES_POEMS("fortunes-poems", "prose", "eval", List.of("fortunes"),
      "fortune category " + String.join(", ", DebianSources.FORTUNE_EVAL));

  /** The packages to download and unpack; groff-base renders the man pages. */
  public static final List<String> PACKAGES = List.of("openjdk-17-source", "glibc-source", "libpython3.11-minimal",
      "libpython3.11-stdlib", "manpages", "manpages-dev", "debian-reference-en", "debian-reference-fr",
      "debian-handbook", "fortunes", "fortunes-min", "perl-doc", "groff-base");

  private static final String HANDBOOK = "/usr/share/doc/debian-handbook/html";
  private static final String REFERENCE = "/usr/share/debian-reference";

  private final String domainName;
  private final String kind;
  private final String role;
  private final List<String> packages;
  private final String source;

  DebianDomain(String name, String kind, String role, List<String> packages, String source) {
    this.domainName = name;
    this.kind = kind;
    this.role = role;
    this.packages = packages;
    this.source = source;
  }

  public String domainName() {
    return domainName;
  }

  /** code, docs or prose. */
  public String kind() {
    return kind;
  }

  /** train (experts train on it) or eval (only evaluated on). */
  public String role() {
    return role;
  }

  public boolean training() {
    return role.equals("train");
  }

  public List<String> packages() {
    return packages;
  }

  /** What the documents are, for domains.json. */
  public String source(DebianTree tree) throws IOException {
    return this == FORTUNES_MISC ? "fortune categories " + String.join(", ", DebianSources.fortuneMisc(tree)) : source;
  }

  public static DebianDomain named(String name) {
    return Arrays.stream(values()).filter(d -> d.domainName.equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no Debian domain '" + name + "'; known: "
            + Arrays.stream(values()).map(DebianDomain::domainName).toList()));
  }

  /** The candidate documents, in no particular order; {@code failed[0]} counts pages a renderer rejected. */
  List<RawDocument> candidates(DebianTree tree, int threads, long[] failed) throws IOException {
    return switch (this) {
      case JAVA -> DebianSources.java(tree);
      case C -> DebianSources.glibc(tree, false);
      case SHELL -> DebianSources.glibc(tree, true);
      case PYTHON -> DebianSources.files(tree, ".py", Licence.HASH, "libpython3.11-minimal", "libpython3.11-stdlib");
      case MANPAGES -> DebianSources.manPages(tree, threads, failed);
      case DEBIAN_REFERENCE_EN -> DebianSources.html(tree, REFERENCE, "*.en.html", "h2", "debian-reference-en");
      case DEBIAN_REFERENCE_FR -> DebianSources.html(tree, REFERENCE, "*.fr.html", "h2", "debian-reference-fr");
      case DEBIAN_HANDBOOK_EN -> DebianSources.html(tree, HANDBOOK + "/en-US", "*.html", null, "debian-handbook");
      case DEBIAN_HANDBOOK_DE -> DebianSources.html(tree, HANDBOOK + "/de-DE", "*.html", null, "debian-handbook");
      case FORTUNES_QUOTES -> DebianSources.fortunes(tree, DebianSources.FORTUNE_QUOTES);
      case FORTUNES_TECH -> DebianSources.fortunes(tree, DebianSources.FORTUNE_TECH);
      case FORTUNES_MISC -> DebianSources.fortunes(tree, DebianSources.fortuneMisc(tree));
      case FORTUNES_POEMS -> DebianSources.fortunes(tree, DebianSources.FORTUNE_EVAL);
      case PERL_POD -> DebianSources.files(tree, ".pod", Licence.NONE, "perl-doc");
    };
  }
}
