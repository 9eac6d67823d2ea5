package dev.flotilla.driver.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A unit of the plan and everything that happened to it. Mutated only by the driver thread. */
public final class UnitEntry {

  public String id;
  public String kind;
  public String name;
  public double cost;
  public int cpus;
  public JsonNode spec;
  public UnitState state = UnitState.PENDING;
  public List<AttemptRecord> attempts = new ArrayList<>();
  public Map<String, Double> metrics = new LinkedHashMap<>();
  public Map<String, String> facts = new LinkedHashMap<>();
  /** Wall seconds of the committing attempt. */
  public double seconds;
  public long committedMillis;
  public String lastError;

  /** Attempts counted by the driver (unit-level), ignoring Spark's task re-runs. */
  public int unitAttempts() {
    return (int) attempts.stream().filter(a -> !"TASK_LOST".equals(a.outcome())).count();
  }
}
