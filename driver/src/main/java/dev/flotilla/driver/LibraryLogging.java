package dev.flotilla.driver;

import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * How loud Spark and the ML libraries are. By default they log at WARN and Flotilla at INFO, so
 * a run's console and log show Flotilla's lines and problems, not thousands of Spark INFO lines
 * ("Block broadcast_3 stored as values in memory ..."); verbose sets them all to INFO.
 *
 * <p>The CLI applies it always ({@code --verbose}). The Java API applies it only when the
 * application configured no logging itself (no {@code log4j2.configurationFile}), reading
 * {@code -Dflotilla.verbose=true}, and again after Spark starts, because Spark replaces an
 * unconfigured log4j2 setup with its own INFO defaults when its first session starts.
 */
public final class LibraryLogging {

  /** JVM property that turns library INFO logging on in the Java API. */
  public static final String VERBOSE_PROPERTY = "flotilla.verbose";

  static final List<String> LIBRARIES = List.of("org.apache.spark", "org.sparkproject",
      "org.apache.hadoop", "org.apache.parquet", "io.netty", "org.eclipse.jetty", "ai.djl",
      "org.deeplearning4j", "org.nd4j", "org.bytedeco");

  private LibraryLogging() {}

  /** Libraries at WARN (INFO when {@code verbose}), Flotilla at INFO. */
  public static void apply(boolean verbose) {
    Level libraries = verbose ? Level.INFO : Level.WARN;
    for (String name : LIBRARIES) {
      Configurator.setLevel(name, libraries);
    }
    Configurator.setLevel("dev.flotilla", Level.INFO);
  }

  /** The Java API's default: {@link #apply} unless the application configured log4j2 itself. */
  static void applyUnlessConfigured() {
    if (System.getProperty("log4j2.configurationFile") == null
        && System.getProperty("log4j.configurationFile") == null) {
      apply(Boolean.getBoolean(VERBOSE_PROPERTY));
    }
  }
}
