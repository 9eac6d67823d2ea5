package dev.flotilla.ensembles.hdee;

import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.export.PortableModel;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.lm.LanguageModel;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An HDEE ensemble in the portable form: each expert as safetensors + JSON config
 * ({@code expert-<i>.safetensors}, {@code expert-<i>.json}) and {@code ensemble.json} naming
 * them, the combiners the ensemble was evaluated with, how each combines the experts, and its
 * weights: the cached prior per evaluated domain (estimated on valid). The members' own
 * format stays whatever their backend saved; this is what other tools read.
 */
public final class EnsembleExport {

  public static final String FORMAT = "flotilla-hdee-ensemble-v1";
  public static final String FILE = "ensemble.json";

  private EnsembleExport() {}

  /**
   * Writes {@code artifact}'s ensemble (members read from {@code runDir} on {@code fs}) into the
   * existing local folder {@code to}; returns the members' parameter counts.
   */
  public static List<Long> write(FileSystem fs, Path runDir, EnsembleArtifact artifact,
      java.nio.file.Path to, ComputeBudget budget) throws IOException {
    List<Map<String, Object>> members = new ArrayList<>();
    List<Long> params = new ArrayList<>();
    for (int i = 0; i < artifact.members().size(); i++) {
      EnsembleArtifact.Member m = artifact.members().get(i);
      PortableModel model;
      try (InputStream in = fs.open(new Path(runDir, m.model()));
           LanguageModel lm = Backends.forKind(LanguageModel.FAMILY, m.spec().kind()).restore(m.spec(), in, budget)) {
        model = lm.portable();
      }
      String base = "expert-" + i;
      try (OutputStream w = Files.newOutputStream(to.resolve(base + ".safetensors"));
           OutputStream c = Files.newOutputStream(to.resolve(base + ".json"))) {
        model.write(w, c);
      }
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("domain", m.domain());
      e.put("size", m.size());
      e.put("model", m.spec().describe());
      e.put("steps", m.steps());
      e.put("weights", base + ".safetensors");
      e.put("config", base + ".json");
      members.add(e);
      params.add(model.parameterCount());
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("format", FORMAT);
    c.put("plan", artifact.plan());
    c.put("members", members);
    c.put("combiners", artifact.combiners());
    c.put("combine", "ln p(x_t) = logsumexp over experts e of (ln w_e(t) + ln p_e(x_t | x_<t)), weights "
        + "normalized; uniform: w_e = 1/E; posterior: w_e(t) proportional to the product of p_e(x_s) "
        + "for s < t of the same sequence (uniform start); cached-prior: w_e = cached_priors[domain][e], "
        + "fixed; top-K: the posterior's K largest weights renormalized (ties: lower index)");
    c.put("cached_priors", artifact.cachedPriors());
    try (OutputStream out = Files.newOutputStream(to.resolve(FILE))) {
      Json.PLAIN.writerWithDefaultPrettyPrinter().writeValue(out, c);
    }
    return params;
  }
}
