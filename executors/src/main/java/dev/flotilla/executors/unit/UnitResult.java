package dev.flotilla.executors.unit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a task sends back to the driver (Kryo-serialized): small, flat, no model bytes.
 * Metrics are copied from {@link UnitOutput}; files stay in the run directory.
 */
public final class UnitResult {

  private String unitId;
  private UnitStatus status;
  private int attempt;
  private int taskAttempt;
  private String executorId;
  private String host;
  private long pid;
  private long startMillis;
  private long endMillis;
  private long resumedFromStep;
  private String error;
  private LinkedHashMap<String, Double> metrics;
  private LinkedHashMap<String, String> facts;

  @SuppressWarnings("unused")
  private UnitResult() {}

  UnitResult(String unitId, UnitStatus status, int attempt, int taskAttempt, String executorId,
      String host, long pid, long startMillis, long endMillis, long resumedFromStep, String error,
      Map<String, Double> metrics, Map<String, String> facts) {
    this.unitId = unitId;
    this.status = status;
    this.attempt = attempt;
    this.taskAttempt = taskAttempt;
    this.executorId = executorId;
    this.host = host;
    this.pid = pid;
    this.startMillis = startMillis;
    this.endMillis = endMillis;
    this.resumedFromStep = resumedFromStep;
    this.error = error;
    this.metrics = new LinkedHashMap<>(metrics);
    this.facts = new LinkedHashMap<>(facts);
  }

  public String unitId() { return unitId; }
  public UnitStatus status() { return status; }
  public int attempt() { return attempt; }
  public int taskAttempt() { return taskAttempt; }
  public String executorId() { return executorId; }
  public String host() { return host; }
  public long pid() { return pid; }
  public long startMillis() { return startMillis; }
  public long endMillis() { return endMillis; }
  /** Step the unit resumed from (a checkpoint of an earlier attempt), or -1 if it started fresh. */
  public long resumedFromStep() { return resumedFromStep; }
  /** Error summary when {@link #status()} is FAILED, else null. */
  public String error() { return error; }
  public Map<String, Double> metrics() { return metrics; }
  public Map<String, String> facts() { return facts; }

  @Override
  public String toString() {
    return "UnitResult[" + unitId + " " + status + " attempt " + attempt + "/" + taskAttempt + "]";
  }
}
