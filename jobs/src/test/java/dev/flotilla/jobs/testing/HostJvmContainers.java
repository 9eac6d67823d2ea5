package dev.flotilla.jobs.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.nio.file.Files;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Containers that run a JVM of this machine without any registry: the image is a bare root
 * skeleton imported here ({@code flotilla/base:local}, a few KiB), and {@code /usr} — the JDK,
 * libc, everything a JVM loads on a merged-/usr Debian — is mounted read-only from the host, as
 * is the Maven repository the jars come from. Every container uses the host's network and
 * listens on 127.0.0.1 only.
 */
public final class HostJvmContainers {

  public static final String IMAGE = "flotilla/base:local";
  static final Path M2 = Path.of(System.getProperty("user.home"), ".m2", "repository");

  private HostJvmContainers() {}

  /** Imports the base image unless the engine has it. */
  public static synchronized DockerImageName image() {
    DockerClient docker = DockerClientFactory.instance().client();
    if (docker.listImagesCmd().withImageNameFilter(IMAGE).exec().isEmpty()) {
      // FROM scratch needs no registry; the root arrives as a tar the build unpacks. (Built
      // through the engine's API directly: Testcontainers' builder would try to pull "scratch".)
      docker.buildImageCmd(new ByteArrayInputStream(buildContext())).withTags(Set.of(IMAGE)).withPull(false)
          .exec(new BuildImageResultCallback()).awaitImageId();
    }
    return DockerImageName.parse(IMAGE);
  }

  /**
   * A container running {@code java ARGS} with the host's JDK, waiting for a log line that says
   * the program is up. {@code writable} host dirs are mounted read-write at the same path.
   */
  public static GenericContainer<?> java(List<String> args, Map<String, String> env, String readyLogRegex,
      List<Path> readOnly, List<Path> writable) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(args);
    GenericContainer<?> c = new GenericContainer<>(image())
        .withNetworkMode("host")
        .withFileSystemBind("/usr", "/usr", BindMode.READ_ONLY)
        .withFileSystemBind(M2.toString(), M2.toString(), BindMode.READ_ONLY)
        .withEnv("JAVA_HOME", System.getProperty("java.home"))
        .withEnv(env)
        .withCommand(cmd.toArray(String[]::new))
        .waitingFor(Wait.forLogMessage(readyLogRegex, 1).withStartupTimeout(java.time.Duration.ofMinutes(3)));
    jdkLinkTargets().forEach(p -> c.withFileSystemBind(p.toString(), p.toString(), BindMode.READ_ONLY));
    readOnly.forEach(p -> c.withFileSystemBind(p.toString(), p.toString(), BindMode.READ_ONLY));
    writable.forEach(p -> c.withFileSystemBind(p.toString(), p.toString(), BindMode.READ_WRITE));
    return c;
  }

  /** Kills a container's processes at once (SIGKILL), as a machine that dies. */
  public static void kill(GenericContainer<?> c) {
    DockerClientFactory.instance().client().killContainerCmd(c.getContainerId()).exec();
  }

  /** The build context: a Dockerfile and the root's tar. */
  static byte[] buildContext() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      put(tar, "Dockerfile", "FROM scratch\nADD root.tar /\n".getBytes(StandardCharsets.UTF_8));
      put(tar, "root.tar", skeleton());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(content.length);
    e.setMode(0644);
    tar.putArchiveEntry(e);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  /**
   * Folders outside {@code /usr} the JDK's files link to (Debian keeps {@code conf/security}
   * in {@code /etc/java-17-openjdk} and {@code cacerts} in {@code /etc/ssl/certs/java}).
   */
  static List<Path> jdkLinkTargets() {
    Set<Path> dirs = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of(System.getProperty("java.home")))) {
      for (Path f : (Iterable<Path>) files.filter(Files::isSymbolicLink)::iterator) {
        Path real;
        try {
          real = f.toRealPath();
        } catch (java.nio.file.NoSuchFileException dangling) { // src.zip without the sources package
          continue;
        }
        if (!real.startsWith("/usr") && real.getNameCount() >= 2) {
          dirs.add(real.getRoot().resolve(real.subpath(0, 2)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(dirs);
  }

  /** The root: merged-/usr links, a world-writable /tmp, and who root is. */
  static byte[] skeleton() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (String dir : List.of("tmp", "proc", "sys", "dev", "etc", "usr", "root", "run", "var", "var/tmp")) {
        TarArchiveEntry e = new TarArchiveEntry(dir + "/");
        e.setMode(dir.endsWith("tmp") ? 01777 : 0755);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
      }
      for (String link : List.of("bin", "lib", "lib64", "sbin")) {
        TarArchiveEntry e = new TarArchiveEntry(link, TarArchiveEntry.LF_SYMLINK);
        e.setLinkName("usr/" + link);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
      }
      for (Map.Entry<String, String> f : Map.of("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n",
          "etc/group", "root:x:0:\n", "etc/nsswitch.conf", "hosts: files dns\n").entrySet()) {
        put(tar, f.getKey(), f.getValue().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
