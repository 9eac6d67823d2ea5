package dev.flotilla.jobs.hdee;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import dev.flotilla.ensembles.hdee.ExpertSize;
import dev.flotilla.executors.lm.LmSpec;
import dev.flotilla.jobs.config.ConfigReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code hdee.sizes}: each entry overrides keys of {@code hdee.model}; sizes must grow
 * (smallest first), since group i of the difficulty groups gets size i.
 */
final class HdeeSizes {

  private static final Set<String> KEYS = Set.of("name", "layers", "d-model", "heads", "mlp-width", "mlp-multiplier");

  private HdeeSizes() {}

  /** The sizes of models of {@code kind} (the backend's model kind). */
  static List<ExpertSize> read(ConfigReader c, String kind) {
    Config model = c.config().getConfig("hdee.model");
    List<? extends ConfigObject> entries = c.config().getObjectList("hdee.sizes");
    if (entries.isEmpty()) {
      throw c.error("hdee.sizes", "must not be empty");
    }
    List<ExpertSize> sizes = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String where = c.where("hdee.sizes") + "hdee.sizes[" + i + "]: ";
      for (String k : entries.get(i).keySet()) {
        if (!KEYS.contains(k)) {
          throw new IllegalArgumentException(where + "unknown key '" + k
              + "' (known: name, layers, d-model, heads, mlp-width, mlp-multiplier)");
        }
      }
      try {
        sizes.add(size(new ConfigReader(entries.get(i).toConfig().withFallback(model)), kind));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + e.getMessage(), e);
      }
    }
    for (int k = 1; k < sizes.size(); k++) {
      if (sizes.get(k).spec().parameters() <= sizes.get(k - 1).spec().parameters()) {
        throw new IllegalArgumentException(c.where("hdee.sizes") + "hdee.sizes must grow: " + sizes.get(k).name()
            + " is not larger than " + sizes.get(k - 1).name());
      }
    }
    return sizes;
  }

  /** One size: its keys over {@code hdee.model}'s; an LSTM has no heads and no MLP. */
  private static ExpertSize size(ConfigReader s, String kind) {
    boolean transformer = LmSpec.TRANSFORMER.equals(kind);
    int d = s.intAtLeast("d-model", 1);
    int mlp = !transformer ? 0
        : s.has("mlp-multiplier") ? s.intAtLeast("mlp-multiplier", 1) * d : s.intAtLeast("mlp-width", 1);
    return new ExpertSize(s.nonBlank("name"), new LmSpec(kind, s.intAtLeast("layers", 1), d,
        transformer ? s.intAtLeast("heads", 1) : 0, mlp, s.intAtLeast("context", 2), s.positive("learning-rate")));
  }
}
