package dev.flotilla.driver.testing;

import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.SparkSessions;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** One real {@code local[2]} Spark session (with task retries) shared by the driver's tests. */
public final class LocalSpark {

  private LocalSpark() {}

  public static EngineSettings engine(Path runDir, int unitRetries) {
    return new EngineSettings(runDir.toUri().toString(), "local[2]", 1, unitRetries, 2, 50, 0, 42,
        "lpt", false);
  }

  public static synchronized SparkSession session() {
    SparkConf conf = SparkSessions.conf(engine(Path.of("/tmp"), 0), "flotilla-driver-test");
    conf.set("spark.ui.enabled", "false");
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
