package dev.flotilla.jobs.config;

import com.typesafe.config.Config;
import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.JobSpec;
import java.util.function.BiFunction;

/** Builds a validated {@link JobSpec} of one job kind from its resolved config. */
public interface JobFactory {

  String kind();

  /** Validates every key of the job's section; errors name the key and the bad value. */
  JobSpec create(Config config, EngineSettings engine);

  /** A factory of {@code kind} backed by a job's static {@code fromConfig} method. */
  static JobFactory of(String kind, BiFunction<Config, EngineSettings, JobSpec> create) {
    return new JobFactory() {
      @Override
      public String kind() {
        return kind;
      }

      @Override
      public JobSpec create(Config config, EngineSettings engine) {
        return create.apply(config, engine);
      }
    };
  }
}
