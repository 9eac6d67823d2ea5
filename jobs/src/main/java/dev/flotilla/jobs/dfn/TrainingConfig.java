package dev.flotilla.jobs.dfn;

import dev.flotilla.datafiltering.pool.PoolShards;
import dev.flotilla.jobs.config.ConfigReader;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Reads {@code dfn.train.*}: steps, batch size, and the user's high-quality set if one is given. */
final class TrainingConfig {

  private TrainingConfig() {}

  /** {@code dfn.train}; a user's high-quality set is listed here, so a missing one fails before anything runs. */
  static DfnConfig.Training read(ConfigReader c, boolean pretrained) {
    long steps = c.longAtLeast("dfn.train.steps", 1);
    int batch = c.intAtLeast("dfn.train.batch-size", 1);
    if (!c.has("dfn.train.hq")) {
      return new DfnConfig.Training(steps, batch, null, List.of());
    }
    String hq = c.nonBlank("dfn.train.hq");
    if (pretrained) {
      throw c.error("dfn.train.hq", "only for dfn.model.source = trained: a TorchScript CLIP is not trained");
    }
    try {
      return new DfnConfig.Training(steps, batch, hq,
          PoolShards.list(hq, new Configuration()).stream().map(Path::toString).toList());
    } catch (IOException e) {
      IllegalArgumentException x = c.error("dfn.train.hq", e.getMessage());
      x.initCause(e);
      throw x;
    }
  }
}
