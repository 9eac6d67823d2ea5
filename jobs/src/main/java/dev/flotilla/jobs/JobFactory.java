package dev.flotilla.jobs;

import com.typesafe.config.Config;
import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.JobSpec;

/** Builds a validated {@link JobSpec} of one job kind from its resolved config. */
public interface JobFactory {

  String kind();

  /** Validates every key of the job's section; errors name the key and the bad value. */
  JobSpec create(Config config, EngineSettings engine);
}
