package dev.flotilla.jobs.config;

import com.typesafe.config.Config;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Hadoop settings for reading a job's inputs at plan time: the environment's
 * ({@code HADOOP_CONF_DIR}) plus the {@code spark.hadoop.*} keys of {@code engine.spark-conf}, as
 * the executors get them, so an {@code s3a://} or {@code hdfs://} input is checked with the run's
 * own settings and credentials.
 */
public final class PlanTimeHadoop {

  private PlanTimeHadoop() {}

  public static Configuration of(Config job) {
    Configuration conf = new Configuration();
    String key = "engine.spark-conf";
    if (job.hasPath(key)) {
      for (Map.Entry<String, Object> e : job.getObject(key).unwrapped().entrySet()) {
        if (e.getKey().startsWith("spark.hadoop.")) {
          conf.set(e.getKey().substring("spark.hadoop.".length()), String.valueOf(e.getValue()));
        }
      }
    }
    return conf;
  }
}
