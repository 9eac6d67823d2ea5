package dev.flotilla.driver;

/**
 * The {@code SPARK_LOCAL_IP} environment variable as this JVM sees it. Spark 3.5 binds every web
 * UI (the driver's, and local-cluster's master and workers') to that address or, without it, to
 * all interfaces: no Spark setting names the UI's address ({@code WebUI.initServer} reads only
 * the environment). A Java program cannot set its own environment, so this puts the variable into
 * the JVM's copy of it ({@link JvmEnvironment}).
 */
final class SparkLocalIp {

  static final String NAME = "SPARK_LOCAL_IP";
  static final String LOOPBACK = "127.0.0.1";

  private SparkLocalIp() {}

  /** The address the user chose, or null. */
  static String current() {
    return System.getenv(NAME);
  }

  /**
   * Sets {@code SPARK_LOCAL_IP=127.0.0.1} for this JVM unless the user set it.
   *
   * @return true if the variable now holds an address the user or Flotilla chose; false if it is
   *     unset and could not be set (then every Spark UI would listen on all interfaces)
   */
  static boolean pinToLoopback() {
    return JvmEnvironment.setIfAbsent(NAME, LOOPBACK);
  }
}
