package dev.flotilla.executors.unit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a unit reports back beside the files it wrote: small numeric metrics (accuracy, params,
 * seconds, ...) and short string facts (backend, artifact names). Large outputs belong in files.
 */
public record UnitOutput(Map<String, Double> metrics, Map<String, String> facts) {

  public UnitOutput {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metrics)));
    facts = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(facts)));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Mutable builder; {@link #build()} copies, so a builder can be reused. */
  public static final class Builder {
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final Map<String, String> facts = new LinkedHashMap<>();

    public Builder metric(String name, double value) {
      metrics.put(name, value);
      return this;
    }

    public Builder fact(String name, String value) {
      facts.put(name, value);
      return this;
    }

    public UnitOutput build() {
      return new UnitOutput(metrics, facts);
    }
  }
}
