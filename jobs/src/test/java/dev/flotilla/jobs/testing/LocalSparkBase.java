package dev.flotilla.jobs.testing;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of test classes that share one real {@code local[2]} Flotilla session. */
public abstract class LocalSparkBase {

  protected static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = Sparks.local();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }
}
