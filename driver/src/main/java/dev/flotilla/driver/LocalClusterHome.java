package dev.flotilla.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Spark's {@code local-cluster[W,C,MB]} master needs from the driver JVM before its context
 * starts, so that the CLI and the Java API can use it as the tests do: Spark's test mode (its
 * workers then give executors the driver's classpath), a Spark home that exists
 * ({@code spark.test.home} and {@code SPARK_HOME}), and {@code SPARK_SCALA_VERSION} (without it the
 * worker's launcher looks for a Spark build and fails with "Cannot find any build directories").
 * Values the user set are kept. The jars with Flotilla's classes go to {@code spark.jars} as for
 * a cluster ({@link SparkSessions}): without them executors fail on lambdas they cannot cast.
 */
final class LocalClusterHome {

  private LocalClusterHome() {}

  /**
   * Sets what is missing of the above.
   *
   * @throws IllegalStateException when an environment variable cannot be set in this JVM
   */
  static void prepare() {
    if (System.getProperty("spark.testing") == null) {
      System.setProperty("spark.testing", "1");
    }
    String home = System.getProperty("spark.test.home", System.getenv("SPARK_HOME"));
    if (home == null || !Files.isDirectory(Path.of(home))) {
      try {
        home = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "flotilla-spark-home"))
            .toString();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a Spark home for local-cluster", e);
      }
    }
    if (System.getProperty("spark.test.home") == null) {
      System.setProperty("spark.test.home", home);
    }
    String scalaVersion = scala.util.Properties.versionNumberString().replaceAll("^(\\d+\\.\\d+).*", "$1");
    if (!JvmEnvironment.setIfAbsent("SPARK_HOME", home)
        || !JvmEnvironment.setIfAbsent("SPARK_SCALA_VERSION", scalaVersion)) {
      throw new IllegalStateException("local-cluster needs SPARK_HOME and SPARK_SCALA_VERSION=" + scalaVersion
          + " in the environment; set them before starting the JVM");
    }
  }
}
