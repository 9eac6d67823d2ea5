package dev.flotilla.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.jobs.burn.BurnJob;
import dev.flotilla.jobs.corpus.CorpusJob;
import dev.flotilla.jobs.hdee.HdeeJob;
import dev.flotilla.jobs.config.EngineConfig;
import dev.flotilla.jobs.config.JobConfig;
import dev.flotilla.jobs.config.JobFactory;
import dev.flotilla.jobs.dfn.DfnJob;
import dev.flotilla.jobs.sortednet.SortedNetJob;
import dev.flotilla.jobs.sweep.SweepJob;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The job kinds a config may name in its {@code job} key. */
public final class JobKinds {

  private static final Map<String, JobFactory> KINDS = new LinkedHashMap<>();

  static {
    register(SweepJob.FACTORY);
    register(BurnJob.FACTORY);
    register(SortedNetJob.FACTORY);
    register(DfnJob.FACTORY);
    register(CorpusJob.FACTORY);
    register(dev.flotilla.jobs.corpus.DebianCorpusJob.FACTORY);
    register(HdeeJob.FACTORY);
  }

  private JobKinds() {}

  private static void register(JobFactory f) {
    KINDS.put(f.kind(), f);
  }

  public static Set<String> names() {
    return KINDS.keySet();
  }

  /** Loads, validates and builds the job of a config file with {@code --set} overrides. */
  public static JobSpec fromFile(File conf, List<String> overrides) {
    try {
      return fromConfig(JobConfig.load(conf, overrides));
    } catch (dev.flotilla.jobs.config.UnknownJobKindException e) {
      throw new IllegalArgumentException(conf + ": " + e.getMessage() + "; known kinds: " + names(), e);
    }
  }

  public static JobSpec fromConfig(Config resolved) {
    String kind = resolved.getString("job");
    JobFactory f = KINDS.get(kind);
    if (f == null) {
      throw new IllegalArgumentException("unknown job kind '" + kind + "'; known: " + KINDS.keySet());
    }
    try {
      EngineSettings engine = EngineConfig.parse(resolved);
      return f.create(resolved, engine);
    } catch (ConfigException e) {
      // Typesafe's messages already name the file, line and key ("has type STRING rather than NUMBER").
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
