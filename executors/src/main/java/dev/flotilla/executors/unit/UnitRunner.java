package dev.flotilla.executors.unit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.executors.checkpoint.Checkpoints;
import dev.flotilla.executors.rundir.AtomicFiles;
import dev.flotilla.executors.rundir.RunDir;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt of one unit inside a task: its compute budget, a private attempt directory,
 * the unit itself, then the atomic commit. Knows nothing of Spark: the caller passes the task facts.
 *
 * <p>A unit that throws is reported as FAILED (not rethrown), so one bad unit never fails the
 * Spark job of the others; the driver decides whether to retry it. Losing the JVM is different:
 * Spark re-runs the task, and the new attempt resumes from the unit's checkpoints.
 */
public final class UnitRunner {

  private static final Logger LOG = LoggerFactory.getLogger(UnitRunner.class);

  private UnitRunner() {}

  public static UnitResult run(UnitTask task, int taskAttempt, String executorId) {
    return run(task, taskAttempt, executorId, java.util.List.of());
  }

  /**
   * Runs the attempt with the GPUs its task was assigned ({@code gpuAddresses}, from the task's
   * resources; empty when none): they reach the unit in its {@link ComputeBudget} and its record's
   * facts ({@value #GPU_ADDRESSES_FACT}).
   */
  public static UnitResult run(UnitTask task, int taskAttempt, String executorId, java.util.List<String> gpuAddresses) {
    return run(task, taskAttempt, executorId, gpuAddresses, java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** As above, the unit's temporary files going to {@code scratchDir} (see {@link UnitContext#scratchDir}). */
  public static UnitResult run(UnitTask task, int taskAttempt, String executorId, java.util.List<String> gpuAddresses,
      java.nio.file.Path scratchDir) {
    long start = System.currentTimeMillis();
    long pid = ProcessHandle.current().pid();
    String host = HOST;
    Configuration conf = RunDir.conf(task.hadoopConf());
    RunDir run = RunDir.at(task.runDir(), conf);
    String id = task.unitId();
    Path attemptDir = new Path(run.attempts(id), "a" + task.attempt() + "-t" + taskAttempt + "-" + executorId);
    Checkpoints checkpoints = new Checkpoints(run.fs(), conf, run.checkpoints(id), task.checkpointEvery());
    try {
      if (run.isCommitted(id)) {
        return result(task, UnitStatus.ALREADY_COMMITTED, taskAttempt, executorId, host, pid, start,
            -1, null, Map.of(), Map.of());
      }
      FileSystem fs = run.fs();
      fs.delete(attemptDir, true); // a leftover of this same attempt number on this executor
      AtomicFiles.mkdirs(fs, attemptDir);
      AtomicFiles.writeNew(fs, new Path(attemptDir, RunDir.ATTEMPT_RECORD), attemptJson(task,
          taskAttempt, executorId, host, pid, start));
      WorkUnit unit = UnitCodec.fromJson(task.kind(), task.specJson());
      ComputeBudget budget = new ComputeBudget(task.cpus(), task.gpus(), gpuAddresses);
      Context ctx = new Context(task, taskAttempt, run, attemptDir, checkpoints, budget, CACHE.holds(), scratchDir);
      LOG.info("unit {} attempt {}/{} starting on executor {} (pid {})", id, task.attempt(),
          taskAttempt, executorId, pid);
      UnitOutput output;
      try {
        output = unit.execute(ctx);
      } finally {
        ctx.cache.release();
      }
      output = withGpuFact(output, gpuAddresses);
      long end = System.currentTimeMillis();
      long resumed = checkpoints.resumedFrom().orElse(-1);
      // Listed before the record exists, so the record never lists itself.
      java.util.List<OutputFile> outputs = UnitRecordCodec.outputsOf(fs, attemptDir);
      AtomicFiles.writeNew(fs, new Path(attemptDir, RunDir.UNIT_RECORD), UnitRecordCodec.toJson(
          unitRecord(task, taskAttempt, executorId, host, pid, start, end, resumed, output, outputs)));
      boolean won = AtomicFiles.renameDirectory(conf, attemptDir, run.unit(id));
      if (!won) {
        fs.delete(attemptDir, true);
        return result(task, UnitStatus.ALREADY_COMMITTED, taskAttempt, executorId, host, pid, start,
            resumed, null, output.metrics(), output.facts());
      }
      checkpoints.clear();
      deleteIfEmpty(fs, run.attempts(id));
      return result(task, UnitStatus.COMMITTED, taskAttempt, executorId, host, pid, start, resumed,
          null, output.metrics(), output.facts());
    } catch (Exception | LinkageError | AssertionError | org.apache.hadoop.fs.FSError e) {
      // FSError is how Hadoop's local file system reports a full disk: a failed attempt like any
      // other (with the attempt's folder in its error), not a lost task.
      LOG.warn("unit {} attempt {} failed", id, task.attempt(), e);
      try {
        run.fs().delete(attemptDir, true);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      return result(task, UnitStatus.FAILED, taskAttempt, executorId, host, pid, start,
          checkpoints.resumedFrom().orElse(-1), summary(e instanceof org.apache.hadoop.fs.FSError
              ? new IOException("cannot write under " + attemptDir + ": " + e.getCause().getMessage(), e)
              : e), Map.of(), Map.of());
    }
  }

  /** The fact naming a unit's assigned GPUs (comma-separated addresses). */
  public static final String GPU_ADDRESSES_FACT = "gpu_addresses";

  private static UnitOutput withGpuFact(UnitOutput output, java.util.List<String> gpuAddresses) {
    if (gpuAddresses.isEmpty()) {
      return output;
    }
    java.util.Map<String, String> facts = new java.util.LinkedHashMap<>(output.facts());
    facts.put(GPU_ADDRESSES_FACT, String.join(",", gpuAddresses));
    return new UnitOutput(output.metrics(), facts, output.curve());
  }

  private static void deleteIfEmpty(FileSystem fs, Path dir) {
    try {
      if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
        fs.delete(dir, false);
      }
    } catch (IOException ignored) {
      // Only tidiness: an empty _attempts/<id> directory is harmless.
    }
  }

  private static UnitResult result(UnitTask task, UnitStatus status, int taskAttempt,
      String executorId, String host, long pid, long start, long resumed, String error,
      Map<String, Double> metrics, Map<String, String> facts) {
    return new UnitResult(task.unitId(), status, task.attempt(), taskAttempt, executorId, host, pid,
        start, System.currentTimeMillis(), resumed, error, metrics, facts);
  }

  /** Exception class and message, plus the first frames: enough to act on from the manifest. */
  static String summary(Throwable e) {
    StringWriter sw = new StringWriter();
    e.printStackTrace(new PrintWriter(sw));
    String[] lines = sw.toString().split("\n");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(lines.length, 8); i++) {
      sb.append(lines[i].strip()).append(i + 1 < Math.min(lines.length, 8) ? "\n" : "");
    }
    return sb.toString();
  }

  private static String attemptJson(UnitTask task, int taskAttempt, String executorId, String host,
      long pid, long start) {
    ObjectNode n = UnitCodec.JSON.createObjectNode();
    n.put("unitId", task.unitId()).put("attempt", task.attempt()).put("taskAttempt", taskAttempt)
        .put("executorId", executorId).put("host", host).put("pid", pid).put("startMillis", start);
    return n.toString();
  }

  private static UnitRecord unitRecord(UnitTask task, int taskAttempt, String executorId,
      String host, long pid, long start, long end, long resumed, UnitOutput output,
      java.util.List<OutputFile> outputs) throws IOException {
    return new UnitRecord(task.unitId(), task.kind(), task.name(),
        UnitCodec.JSON.readTree(task.specJson()), task.attempt(), taskAttempt, executorId, host,
        pid, start, end, resumed, task.seed(), output.metrics(), output.facts(), outputs,
        output.curve());
  }

  /** The executor JVM's one cache, shared by the units of all its task slots. */
  private static final ExecutorCache CACHE = ExecutorCache.withDefaultBound();

  /** Resolved once: a reverse DNS lookup per unit would add its latency to every unit. */
  private static final String HOST = hostName();

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The context handed to a unit. */
  private static final class Context implements UnitContext {
    private final UnitTask task;
    private final int taskAttempt;
    private final RunDir run;
    private final Path outputDir;
    private final Checkpoints checkpoints;
    private final ComputeBudget budget;
    private final ExecutorCache.Holds cache;
    private final java.nio.file.Path scratchDir;

    Context(UnitTask task, int taskAttempt, RunDir run, Path outputDir, Checkpoints checkpoints,
        ComputeBudget budget, ExecutorCache.Holds cache, java.nio.file.Path scratchDir) {
      this.task = task;
      this.taskAttempt = taskAttempt;
      this.run = run;
      this.outputDir = outputDir;
      this.checkpoints = checkpoints;
      this.budget = budget;
      this.cache = cache;
      this.scratchDir = scratchDir;
    }

    @Override public String unitId() { return task.unitId(); }
    @Override public int attempt() { return task.attempt(); }
    @Override public int taskAttempt() { return taskAttempt; }
    @Override public ComputeBudget budget() { return budget; }
    @Override public UnitCache cache() { return cache; }
    @Override public long seed() { return task.seed(); }
    @Override public FileSystem fs() { return run.fs(); }
    @Override public Configuration hadoopConf() { return run.conf(); }
    @Override public Path outputDir() { return outputDir; }
    @Override public Path committedOutput(String unitId) { return run.unit(unitId); }
    @Override public java.nio.file.Path scratchDir() { return scratchDir; }
    @Override public Checkpoints checkpoints() { return checkpoints; }
  }
}
