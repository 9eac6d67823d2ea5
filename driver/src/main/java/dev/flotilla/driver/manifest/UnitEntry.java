package dev.flotilla.driver.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A unit of the plan and everything that happened to it. Mutated only by the driver thread.
 * Empty lists and maps and a null error are left out of the JSON (they read back as empty): a
 * pending unit of a 10^6-unit plan is then half the bytes in every snapshot.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public final class UnitEntry {

  public String id;
  public String kind;
  public String name;
  public double cost;
  public int cpus;
  /**
   * The unit's spec as compact JSON text, written into the manifest as JSON (not as a string).
   * Kept as text, not as a tree: a tree of a few numbers is ~1 KB per unit, 10^5 of them most of
   * the driver's live heap at the end of a scale run.
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @JsonRawValue
  @JsonDeserialize(using = RawJson.class)
  public String spec;
  public UnitState state = UnitState.PENDING;
  public List<AttemptRecord> attempts = new ArrayList<>();
  public Map<String, Double> metrics = new LinkedHashMap<>();
  public Map<String, String> facts = new LinkedHashMap<>();
  /** Wall seconds of the committing attempt. */
  public double seconds;
  public long committedMillis;
  public String lastError;
  /** Damage found by drivers that started on this run dir (the unit ran again after each). */
  public List<DamageRecord> damage = new ArrayList<>();

  /**
   * Records the commit of this unit: the one path for a result the scheduler received and for a
   * commit found on the file system by reconcile.
   */
  public void commit(long startMillis, long endMillis, Map<String, Double> unitMetrics,
      Map<String, String> unitFacts) {
    state = UnitState.COMMITTED;
    metrics = new LinkedHashMap<>(unitMetrics);
    facts = new LinkedHashMap<>(unitFacts);
    seconds = (endMillis - startMillis) / 1000.0;
    committedMillis = endMillis;
    lastError = null;
  }

  /** Forgets the results of a unit whose committed output was moved aside; it runs again. */
  public void damaged(DamageRecord record) {
    damage.add(record);
    state = UnitState.PENDING;
    metrics = new LinkedHashMap<>();
    facts = new LinkedHashMap<>();
    seconds = 0;
    committedMillis = 0;
  }

  /** The unit's spec as a JSON tree (null when unknown). */
  public JsonNode spec() {
    try {
      return spec == null ? null : RunManifest.JSON.readTree(spec);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("unit " + id + ": its spec is not JSON", e);
    }
  }

  /** Attempts counted by the driver (unit-level), ignoring Spark's task re-runs. */
  public int unitAttempts() {
    return (int) attempts.stream().filter(a -> !"TASK_LOST".equals(a.outcome())).count();
  }
}
