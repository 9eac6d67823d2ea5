package dev.flotilla.driver;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * Environment variables put into this JVM's own copy of its environment, which {@code System.getenv}
 * and the processes it starts (local-cluster workers and executors) read. Spark reads some
 * settings only from the environment (the UI's address, a local-cluster's Spark home and Scala
 * version), and a Java program cannot set its environment otherwise. The copy is reachable only
 * through reflection into {@code java.util}, which Spark's own {@code --add-opens} list opens.
 */
final class JvmEnvironment {

  private JvmEnvironment() {}

  /**
   * Sets {@code name=value} unless the variable is set already.
   *
   * @return true if the variable now has a value (the user's or this one); false if it is unset
   *     and could not be set
   */
  static synchronized boolean setIfAbsent(String name, String value) {
    if (System.getenv(name) != null) {
      return true;
    }
    try {
      Map<String, String> env = System.getenv();
      Field inner = env.getClass().getDeclaredField("m"); // Collections.UnmodifiableMap's map
      inner.setAccessible(true);
      @SuppressWarnings("unchecked")
      Map<String, String> writable = (Map<String, String>) inner.get(env);
      writable.put(name, value);
      return value.equals(System.getenv(name));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
