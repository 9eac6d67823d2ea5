package dev.flotilla.driver;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The jars that carry Flotilla's classes to a cluster's executors: every classpath entry with a
 * {@code dev/flotilla} package — the shaded jar when the driver runs from it, the module jars
 * when it runs from {@code scripts/flotilla}, and the compiled class folders of a build (packed
 * into temporary jars, since Spark ships files, not folders). {@code local[N]} needs none: its
 * executors share the driver's classpath.
 */
public final class ApplicationJars {

  private static final String PACKAGE = "dev/flotilla";

  private ApplicationJars() {}

  /** The jars to add to {@code spark.jars}, in classpath order, each once. */
  public static List<Path> forExecutors() {
    Set<Path> jars = new LinkedHashSet<>();
    try {
      for (URL url : Collections.list(ApplicationJars.class.getClassLoader().getResources(PACKAGE))) {
        jars.add(switch (url.getProtocol()) {
          case "jar" -> Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI());
          case "file" -> packed(Path.of(url.toURI()).getParent().getParent());
          default -> throw new IllegalStateException("cannot ship Flotilla's classes from " + url
              + " to executors: add the jar to spark.jars yourself");
        });
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find Flotilla's classes to ship to the executors", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return List.copyOf(jars);
  }

  /** A class folder ({@code target/classes}) as a temporary jar, deleted when the JVM exits. */
  static Path packed(Path classes) throws IOException {
    Path jar = Files.createTempFile("flotilla-" + classes.getParent().getParent().getFileName() + "-", ".jar");
    jar.toFile().deleteOnExit();
    try (OutputStream raw = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(raw);
         Stream<Path> files = Files.walk(classes)) {
      List<Path> sorted = new ArrayList<>(files.filter(Files::isRegularFile).toList());
      Collections.sort(sorted);
      for (Path f : sorted) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    return jar;
  }
}
