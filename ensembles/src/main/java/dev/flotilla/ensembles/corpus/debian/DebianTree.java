package dev.flotilla.ensembles.corpus.debian;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Debian packages unpacked (dpkg -x), never installed, as {@code scripts/prepare-corpus} leaves
 * them: {@code <root>/tree/} holds every package's files, {@code <root>/lists/<package>.list}
 * each package's paths as installed, and {@code <root>/versions.txt} one {@code package=version}
 * a line. Local file system only (groff and the zip/tar readers need files).
 */
public record DebianTree(Path root) {

  public Path tree() {
    return root.resolve("tree");
  }

  /** Where an installed path ({@code /usr/share/...}) of a package is in the unpacked tree. */
  public Path at(String installedPath) {
    return tree().resolve(installedPath.replaceFirst("^/+", ""));
  }

  /** The path a file of the unpacked tree would have if its package were installed. */
  public String installedPath(Path file) {
    return "/" + tree().relativize(file).toString();
  }

  /** A file the domain needs; missing, the error names it and its package. */
  public Path need(String installedPath, String pkg) {
    Path p = at(installedPath);
    if (!Files.exists(p)) {
      throw new IllegalArgumentException(p + " is missing (from Debian package " + pkg
          + "; scripts/prepare-corpus downloads and unpacks it)");
    }
    return p;
  }

  /**
   * Regular files (not links) of the packages, as installed paths in sorted order (what
   * {@code dpkg -L} lists), from their {@code lists/<package>.list}.
   */
  public List<String> files(String... packages) {
    TreeSet<String> out = new TreeSet<>();
    for (String p : packages) {
      Path list = root.resolve("lists").resolve(p + ".list");
      try {
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
          String s = line.replaceAll("/+$", "");
          if (s.startsWith("/") && !s.isEmpty()) {
            out.add(s);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the file list of package " + p + ": " + list, e);
      }
    }
    List<String> files = new ArrayList<>();
    for (String s : out) {
      if (Files.isRegularFile(at(s), LinkOption.NOFOLLOW_LINKS)) {
        files.add(s);
      }
    }
    return files;
  }

  /** {@code versions.txt}: package name to version, sorted by name. */
  public Map<String, String> versions() {
    Path file = root.resolve("versions.txt");
    Map<String, String> out = new TreeMap<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        int eq = line.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(file + ": line '" + line + "' is not package=version");
        }
        out.put(line.substring(0, eq), line.substring(eq + 1).trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " (scripts/prepare-corpus writes it)", e);
    }
    return out;
  }
}
