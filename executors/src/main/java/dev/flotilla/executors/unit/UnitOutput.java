package dev.flotilla.executors.unit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a unit reports back beside the files it wrote: small numeric metrics (accuracy, params,
 * seconds, ...), short string facts (backend, artifact names) and its learning curve (empty for
 * units that do not train). Large outputs belong in files.
 */
public record UnitOutput(Map<String, Double> metrics, Map<String, String> facts,
    LearningCurve curve) {

  public UnitOutput {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metrics)));
    facts = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(facts)));
    curve = curve == null ? LearningCurve.NONE : curve;
  }

  /** Metrics and facts without a learning curve. */
  public UnitOutput(Map<String, Double> metrics, Map<String, String> facts) {
    this(metrics, facts, LearningCurve.NONE);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The output of a unit whose result is a typed record; the report reads it back with
   * {@link UnitRecord#result(Class)}. See {@link UnitResults} for the key mapping.
   */
  public static UnitOutput of(Record result) {
    return builder().result(result).build();
  }

  /** A typed result and the learning curve of the training that produced it. */
  public static UnitOutput of(Record result, LearningCurve curve) {
    return builder().result(result).curve(curve).build();
  }

  /** Mutable builder; {@link #build()} copies, so a builder can be reused. */
  public static final class Builder {
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final Map<String, String> facts = new LinkedHashMap<>();
    private LearningCurve curve = LearningCurve.NONE;

    public Builder curve(LearningCurve curve) {
      this.curve = curve;
      return this;
    }

    public Builder metric(String name, double value) {
      metrics.put(name, value);
      return this;
    }

    public Builder fact(String name, String value) {
      facts.put(name, value);
      return this;
    }

    /** Adds every component of {@code result} (snake_case keys; maps as {@code name.key}). */
    public Builder result(Record result) {
      UnitResults.write(result, this);
      return this;
    }

    public UnitOutput build() {
      return new UnitOutput(metrics, facts, curve);
    }
  }
}
