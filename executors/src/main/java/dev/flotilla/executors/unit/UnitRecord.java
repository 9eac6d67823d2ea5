package dev.flotilla.executors.unit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a committed unit left in its {@code _UNIT.json}: who ran which attempt where and when, the
 * spec it ran, its metrics and facts, and the files it wrote with size and checksum. Written by
 * the unit runner and read by the driver (reconcile, status) and by job reports, always through
 * {@link UnitRecordCodec}. Immutable.
 *
 * @param resumedFromStep step the committing attempt resumed from (a checkpoint), or -1
 * @param outputs         files of the unit directory other than the record itself; empty for
 *                        records written before outputs were listed (they cannot be verified)
 * @param curve           the unit's learning curve; empty for units that do not train and for
 *                        records written before curves existed
 */
public record UnitRecord(String unitId, String kind, String name, JsonNode spec, int attempt,
    int taskAttempt, String executorId, String host, long pid, long startMillis, long endMillis,
    long resumedFromStep, long seed, Map<String, Double> metrics, Map<String, String> facts,
    List<OutputFile> outputs, LearningCurve curve) {

  @JsonCreator
  public UnitRecord {
    Objects.requireNonNull(unitId, "unitId");
    Objects.requireNonNull(kind, "kind");
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics == null ? Map.of() : metrics));
    facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts == null ? Map.of() : facts));
    outputs = outputs == null ? List.of() : List.copyOf(outputs);
    curve = curve == null ? LearningCurve.NONE : curve;
  }

  /** A record without a learning curve. */
  public UnitRecord(String unitId, String kind, String name, JsonNode spec, int attempt,
      int taskAttempt, String executorId, String host, long pid, long startMillis, long endMillis,
      long resumedFromStep, long seed, Map<String, Double> metrics, Map<String, String> facts,
      List<OutputFile> outputs) {
    this(unitId, kind, name, spec, attempt, taskAttempt, executorId, host, pid, startMillis,
        endMillis, resumedFromStep, seed, metrics, facts, outputs, LearningCurve.NONE);
  }

  /** Wall seconds of the committing attempt. */
  public double seconds() {
    return (endMillis - startMillis) / 1000.0;
  }

  /** The unit spec as its typed record, e.g. {@code (SweepTrainUnit) record.unit()}. */
  public WorkUnit unit() {
    return UnitCodec.fromJson(kind, spec.toString());
  }

  /** The typed spec, checked to be of {@code type}. */
  public <U extends WorkUnit> U unit(Class<U> type) {
    WorkUnit u = unit();
    if (!type.isInstance(u)) {
      throw new IllegalStateException("unit " + unitId + " is a '" + kind + "' unit, not "
          + type.getSimpleName());
    }
    return type.cast(u);
  }

  /**
   * The unit's metrics and facts read back as the result record its unit returned with
   * {@link UnitOutput#of(Record)}: the same type on both sides, no metric names as strings.
   */
  public <R extends Record> R result(Class<R> type) {
    return UnitResults.read(metrics, facts, type, unitId);
  }
}
