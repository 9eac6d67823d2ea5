package dev.flotilla.executors.unit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The envelope that carries one unit attempt to an executor (Kryo-serialized by Spark).
 *
 * <p>The unit travels as kind + JSON rather than as an object graph: the executor rebuilds it
 * through {@link UnitKinds}, and Kryo only ever sees this flat class.
 */
public final class UnitTask {

  private String unitId;
  private String kind;
  private String name;
  private String specJson;
  private int attempt;
  private int cpus;
  private int gpus;
  private long seed;
  private String runDir;
  private int checkpointEvery;
  private LinkedHashMap<String, String> hadoopConf;

  /** For Kryo. */
  @SuppressWarnings("unused")
  private UnitTask() {}

  public UnitTask(String unitId, String kind, String name, String specJson, int attempt, int cpus,
      long seed, String runDir, int checkpointEvery, Map<String, String> hadoopConf) {
    this(unitId, kind, name, specJson, attempt, cpus, 0, seed, runDir, checkpointEvery, hadoopConf);
  }

  /** A unit attempt that asks for {@code gpus} GPUs besides its cores. */
  public UnitTask(String unitId, String kind, String name, String specJson, int attempt, int cpus,
      int gpus, long seed, String runDir, int checkpointEvery, Map<String, String> hadoopConf) {
    this.unitId = Objects.requireNonNull(unitId);
    this.kind = Objects.requireNonNull(kind);
    this.name = Objects.requireNonNull(name);
    this.specJson = Objects.requireNonNull(specJson);
    this.attempt = attempt;
    this.cpus = cpus;
    this.gpus = gpus;
    this.seed = seed;
    this.runDir = Objects.requireNonNull(runDir);
    this.checkpointEvery = checkpointEvery;
    this.hadoopConf = new LinkedHashMap<>(hadoopConf);
  }

  public String unitId() { return unitId; }
  public String kind() { return kind; }
  public String name() { return name; }
  public String specJson() { return specJson; }
  public int attempt() { return attempt; }
  public int cpus() { return cpus; }
  public int gpus() { return gpus; }
  public long seed() { return seed; }
  public String runDir() { return runDir; }
  public int checkpointEvery() { return checkpointEvery; }
  public Map<String, String> hadoopConf() { return hadoopConf; }

  @Override
  public String toString() {
    return "UnitTask[" + unitId + " attempt " + attempt + "]";
  }
}
