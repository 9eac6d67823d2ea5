package dev.flotilla.ensembles.hdee;

import dev.flotilla.executors.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.executors.lm.LmSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A trained ensemble as a file ({@code ensemble.json}): its members with their sizes, the
 * combiners it was evaluated with and each domain's cached prior. Model paths are relative to
 * the run directory, so a run directory can be copied or moved as a whole.
 */
public record EnsembleArtifact(String plan, List<Member> members, List<String> combiners,
    Map<String, double[]> cachedPriors) {

  public static final String FILE = "ensemble.json";
  private static final ObjectMapper JSON = Json.PLAIN;

  /** One expert: its domain, size, and where its weights are. */
  public record Member(String domain, String size, LmSpec spec, String model, long steps, double flops) {}

  public EnsembleArtifact {
    members = List.copyOf(members);
    combiners = List.copyOf(combiners);
    // in evaluation order: Map.copyOf's order changes from JVM to JVM, and so did the file's bytes
    cachedPriors = Collections.unmodifiableMap(new LinkedHashMap<>(cachedPriors));
  }

  public void write(OutputStream out) throws IOException {
    JSON.writerWithDefaultPrettyPrinter().writeValue(out, this);
  }

  public static EnsembleArtifact read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return JSON.readValue(in, EnsembleArtifact.class);
    } catch (IOException e) {
      throw new IOException("cannot read ensemble " + file + ": " + e.getMessage(), e);
    }
  }
}
