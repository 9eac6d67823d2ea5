package dev.flotilla.jobs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A small real multi-domain corpus from files every Debian machine with a JDK build has: Python's
 * standard library, C headers and package copyright files, one document per file.
 */
public final class TinyCorpus {

  private TinyCorpus() {}

  /** Writes {@code <dir>/python}, {@code headers}, {@code copyright} (training) and {@code changelog}-less eval domain {@code shell}. */
  public static Path write(Path dir, int perDomain) throws IOException {
    copy(Path.of("/usr/lib/python3.11"), ".py", dir.resolve("python"), perDomain);
    copy(Path.of("/usr/include"), ".h", dir.resolve("headers"), perDomain);
    copyNamed(Path.of("/usr/share/doc"), "copyright", dir.resolve("copyright"), perDomain);
    copy(Path.of("/usr/lib/python3.11/email"), ".py", dir.resolve("email"), perDomain);
    return dir;
  }

  private static void copy(Path from, String suffix, Path to, int limit) throws IOException {
    Files.createDirectories(to);
    List<Path> files;
    try (Stream<Path> s = Files.list(from)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p)).sorted().limit(limit).toList();
    }
    if (files.size() < 10) {
      throw new IllegalStateException("too few " + suffix + " files in " + from + " for the test corpus");
    }
    for (Path f : files) {
      Files.copy(f, to.resolve(f.getFileName() + ".txt"));
    }
  }

  private static void copyNamed(Path docs, String name, Path to, int limit) throws IOException {
    Files.createDirectories(to);
    List<Path> files;
    try (Stream<Path> s = Files.list(docs)) {
      files = s.map(p -> p.resolve(name)).filter(Files::isRegularFile).sorted().limit(limit).toList();
    }
    int i = 0;
    for (Path f : files) {
      Files.copy(f, to.resolve(String.format("%04d.txt", i++)));
    }
  }
}
