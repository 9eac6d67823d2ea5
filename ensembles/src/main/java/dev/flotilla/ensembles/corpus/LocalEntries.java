package dev.flotilla.ensembles.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.apache.hadoop.fs.Path;

/**
 * Hadoop's local listing skips entries it cannot stat (a dangling link vanishes from the list); a
 * document file the user put in a domain folder is meant to be read, so such entries are refused.
 */
final class LocalEntries {

  private LocalEntries() {}

  static void check(Path dir, DocumentFormat format) throws IOException {
    try (Stream<java.nio.file.Path> entries = Files.list(java.nio.file.Path.of(dir.toUri()))) {
      for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) entries::iterator) {
        if (format.matches(p.getFileName().toString()) && !(Files.isRegularFile(p) && Files.isReadable(p))) {
          throw new IllegalArgumentException("document " + p + " is not a readable file"
              + (Files.isSymbolicLink(p) ? " (a link to " + Files.readSymbolicLink(p) + ")" : ""));
        }
      }
    }
  }
}
