package dev.flotilla.jobs.testing;

import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.SparkSessions;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.executors.unit.UnitRunner;
import dev.flotilla.jobs.JobKinds;
import com.typesafe.config.ConfigFactory;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.jobs.config.JobConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Real Spark sessions for tests: {@code local[2,4]} and a two-executor {@code local-cluster}. */
public final class Sparks {

  private Sparks() {}

  public static EngineSettings engine(String master, Path runDir) {
    return new EngineSettings(runDir.toUri().toString(), master, 1, 1, 4, 50, 0, 42, "lpt", false);
  }

  public static SparkSession local() {
    SparkConf conf = SparkSessions.conf(engine("local[2]", Path.of("/tmp")), "flotilla-test");
    conf.set("spark.ui.enabled", "false");
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /**
   * Standalone master and two workers in this JVM, each executor in its own JVM:
   * Spark's test mode, a SPARK_HOME that exists (surefire sets it), and the application jar.
   */
  public static SparkSession localCluster(Path workDir) throws IOException {
    return localCluster(workDir, java.util.Map.of());
  }

  /** The same, with Spark settings passed through as {@code engine.spark-conf} gives them. */
  public static SparkSession localCluster(Path workDir, java.util.Map<String, String> sparkConf) throws IOException {
    return localCluster(workDir, engine("local-cluster[2,1,1024]", workDir).withSparkConf(sparkConf));
  }

  /** The same, made from a job's engine settings (its local-cluster master, GPUs, passthrough), as the CLI makes it. */
  public static SparkSession localCluster(Path workDir, EngineSettings engine) throws IOException {
    System.setProperty("spark.testing", "1");
    if (System.getProperty("spark.test.home") == null) {
      System.setProperty("spark.test.home", workDir.toString());
    }
    SparkConf conf = SparkSessions.conf(engine, "flotilla-cluster-test");
    conf.set("spark.ui.enabled", "false");
    conf.set("spark.jars", applicationJar(workDir.resolve("app.jar")).toString());
    conf.set("spark.executorEnv.DJL_CACHE_DIR", System.getProperty("user.home") + "/.djl.ai");
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /** The application jar for a cluster's executors, built under {@code dir}. */
  public static Path applicationJarPath(Path dir) throws IOException {
    return applicationJar(dir.resolve("app.jar"));
  }

  /** A jar of Flotilla's classes as compiled in this build (modules' dirs or jars, and tests). */
  static Path applicationJar(Path target) throws IOException {
    List<Path> sources = new ArrayList<>();
    for (Class<?> anchor : List.of(UnitRunner.class, Plan.class, JobKinds.class, Sparks.class)) {
      try {
        sources.add(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()));
      } catch (URISyntaxException e) {
        throw new IOException(e);
      }
    }
    try (OutputStream raw = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(raw)) {
      java.util.Set<String> seen = new java.util.HashSet<>();
      // Service files of several modules name different providers: concatenate, don't pick one.
      java.util.Map<String, StringBuilder> services = new java.util.TreeMap<>();
      for (Path src : sources) {
        if (Files.isDirectory(src)) {
          try (Stream<Path> files = Files.walk(src)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
              String name = src.relativize(f).toString().replace('\\', '/');
              if (name.startsWith("META-INF/services/")) {
                services.computeIfAbsent(name, k -> new StringBuilder()).append(Files.readString(f)).append('\n');
              } else if (seen.add(name)) {
                jar.putNextEntry(new JarEntry(name));
                Files.copy(f, jar);
                jar.closeEntry();
              }
            }
          }
        } else {
          try (java.util.jar.JarFile in = new java.util.jar.JarFile(src.toFile())) {
            for (JarEntry e : java.util.Collections.list(in.entries())) {
              if (e.getName().startsWith("META-INF/services/") && !e.isDirectory()) {
                services.computeIfAbsent(e.getName(), k -> new StringBuilder())
                    .append(new String(in.getInputStream(e).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).append('\n');
              } else if (!e.isDirectory() && seen.add(e.getName())) {
                jar.putNextEntry(new JarEntry(e.getName()));
                in.getInputStream(e).transferTo(jar);
                jar.closeEntry();
              }
            }
          }
        }
      }
      for (java.util.Map.Entry<String, StringBuilder> svc : services.entrySet()) {
        jar.putNextEntry(new JarEntry(svc.getKey()));
        jar.write(svc.getValue().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        jar.closeEntry();
      }
    }
    return target;
  }

  /** A job from a HOCON text (validated exactly as a config file is). */
  public static JobSpec job(String hocon) {
    return JobKinds.fromConfig(JobConfig.withOverrides(ConfigFactory.parseString(hocon), List.of(), "test config"));
  }
}
