package dev.flotilla.driver;

import dev.flotilla.executors.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.driver.manifest.DriverRun;
import dev.flotilla.driver.manifest.RunLock;
import dev.flotilla.driver.manifest.PlanRecord;
import dev.flotilla.driver.manifest.Reconcile;
import dev.flotilla.driver.manifest.RunDirLitter;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.driver.report.EngineReport;
import dev.flotilla.driver.report.Provenance;
import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.schedule.ScheduleSettings;
import dev.flotilla.driver.schedule.Scheduler;
import dev.flotilla.executors.Versions;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.rundir.RunDirUmask;
import dev.flotilla.executors.unit.UnitCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One driver invocation on a run dir: lock, reconcile, schedule, merge, report. */
final class JobRunner {

  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  private static final ObjectMapper JSON = Json.PLAIN;

  private final SparkSession spark;
  private final JobSpec job;
  private final EngineSettings engine;
  /** Why the manifest was rebuilt in this run, or null. */
  private String rebuiltBecause;

  private final boolean extend;

  /** @param extend accept a plan that differs from the run dir's (see {@link Flotilla#extend}) */
  JobRunner(SparkSession spark, JobSpec job, boolean extend) {
    this.spark = spark;
    this.job = job;
    this.engine = job.engine();
    this.extend = extend;
  }

  RunManifest run() throws IOException {
    Plan plan = job.plan();
    SparkContext sc = spark.sparkContext();
    warnIfNotInEffect(sc);
    RunDir dir = open(engine.runDir(), RunDirUmask.apply(engine.runDir(), sc.hadoopConfiguration()));
    // Closed after the lock: a signal's hook waits until the lock is released.
    try (StopOnShutdown stop = new StopOnShutdown(); RunLock lock = RunLock.acquire(dir)) {
      RunDirLitter.clear(dir);
      RunManifest m = loadOrCreate(dir, plan);
      m.recordDeadDrivers(System.currentTimeMillis());
      Reconcile.Outcome found = Reconcile.apply(dir, m, plan, engine.verifyCommitted());
      if (!found.damaged().isEmpty()) {
        LOG.warn("{} damaged unit(s) moved to {}/_damaged and run again: {}", found.damaged().size(),
            dir.uri(), found.damaged());
      }
      m.drivers.add(new DriverRun(hostName(), ProcessHandle.current().pid(), sc.master(),
          sc.applicationId(), System.currentTimeMillis(), 0, "running"));
      int driverRun = m.drivers.size() - 1;
      m.write(dir);
      List<PlannedUnit> todo = Scheduler.pending(plan, m,
          EngineSettings.ORDER_LPT.equals(engine.order()));
      int unitsPerTask = job.unitsPerTask(todo, Math.max(1, sc.defaultParallelism() / engine.cpusPerUnit()));
      LOG.info("{} run in {}: {} units, {} already committed, {} to run{}", job.kind(), dir.uri(),
          plan.units().size(), plan.units().size() - todo.size(), todo.size(),
          unitsPerTask > 1 ? ", up to " + unitsPerTask + " per Spark task" : "");
      Scheduler scheduler = new Scheduler(sc, new ScheduleSettings(engine.unitRetries(), engine.seed(),
          engine.checkpointEvery(), engine.progress(), unitsPerTask, engine.gpusPerUnit()), dir, m,
          shippedHadoopConf(dir.conf()));
      try {
        stop.watch(scheduler);
        scheduler.run(todo, driverRun);
        if (scheduler.stopReason() != null) {
          m.endDriverRun(System.currentTimeMillis(), stop.signalled() ? "cancelled" : "stopped");
          m.write(dir);
          throw new RunStoppedException(dir.uri(), scheduler.stopReason(), stop.signalled(), m);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        m.endDriverRun(System.currentTimeMillis(), "interrupted");
        m.write(dir);
        throw new IOException("interrupted while running " + dir.uri(), e);
      }
      List<String> failed = new ArrayList<>();
      for (PlannedUnit u : plan.units()) {
        if (m.unit(u.id()).state != UnitState.COMMITTED) {
          failed.add(u.id());
        }
      }
      Report report = new Report(job.kind() + " run: " + dir.uri());
      if (failed.isEmpty()) {
        try {
          job.merge(new MergeContext(dir, m, plan), report);
        } catch (java.io.UncheckedIOException e) {
          throw e.getCause(); // a unit record the merge could not read (MergeContext.records)
        }
      } else {
        report.paragraph("Merge skipped: " + failed.size() + " unit(s) failed; rerun on this run "
            + "dir to retry only them.");
      }
      report.provenance(Provenance.of(m));
      EngineReport.addTo(report, m);
      m.merge.put("report", report.write(dir).toString());
      m.endDriverRun(System.currentTimeMillis(), failed.isEmpty() ? "succeeded" : "failed");
      m.write(dir);
      if (!failed.isEmpty()) {
        StringBuilder msg = new StringBuilder(failed.size() + " of " + plan.units().size()
            + " units failed in " + dir.uri() + " (the others are committed):");
        for (String id : failed) {
          UnitEntry e = m.unit(id);
          msg.append("\n  unit ").append(e.name).append(" [").append(id).append("] after ")
              .append(e.unitAttempts()).append(" attempt(s): ")
              .append(e.lastError == null ? "?" : e.lastError.lines().findFirst().orElse(""));
        }
        throw new RunFailedException(msg.toString(), m, failed);
      }
      return m;
    }
  }

  /** Passthrough settings this session lacks (it was built elsewhere): say so, never by value. */
  private void warnIfNotInEffect(SparkContext sc) {
    if (engine.gpusPerUnit() > 0 && !sc.getConf().contains("spark.task.resource.gpu.amount")) {
      LOG.warn("engine.gpus-per-unit = {} is not in effect: this Spark session asks for no task GPUs "
          + "(spark.task.resource.gpu.amount; SparkSessions.create sets it), so units get no GPU addresses",
          engine.gpusPerUnit());
    }
    engine.sparkConf().forEach((key, value) -> {
      if (!value.equals(sc.getConf().get(key, null))) {
        LOG.warn("engine.spark-conf.\"{}\" is not in effect: this Spark session was built without "
            + "it (SparkSessions.create builds one with it)", key);
      }
    });
  }

  /** Opens the run dir and proves it writable, naming the config key when it is not. */
  static RunDir open(String uri, Configuration conf) {
    try {
      RunDir dir = RunDir.at(uri, conf);
      dir.fs().mkdirs(dir.root());
      return dir;
    } catch (IOException | RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      throw new IllegalArgumentException("engine.run-dir = " + uri + " is unreachable: "
          + root.getClass().getSimpleName() + ": " + root.getMessage(), e);
    }
  }

  private RunManifest loadOrCreate(RunDir dir, Plan plan) throws IOException {
    RunManifest m;
    m = RunManifest.exists(dir) ? readOrNull(dir) : null;
    if (m != null) {
      if (!job.kind().equals(m.jobKind)) {
        throw new IllegalArgumentException("run dir " + dir.uri() + " holds a '" + m.jobKind
            + "' run; this job is '" + job.kind() + "'. Use another engine.run-dir.");
      }
    } else {
      m = new RunManifest();
      m.jobKind = job.kind();
      m.runDir = dir.uri();
      m.createdMillis = System.currentTimeMillis();
      m.journalSeq = dev.flotilla.driver.manifest.RunJournal.lastSeq(dir);
      if (rebuiltBecause != null) {
        m.notices.add("manifest rebuilt from the committed units at " + java.time.Instant.now()
            + " (" + rebuiltBecause + ")");
      }
    }
    checkPlan(dir, m, plan);
    m.runDir = dir.uri(); // where it is now, if it was moved or copied
    m.seed = engine.seed();
    // Recorded as used, but passed-through credentials only as "redacted".
    m.config = new LinkedHashMap<>(Redaction.redactConfig(job.config()));
    m.engine = JSON.convertValue(engine.withSparkConf(Redaction.redact(engine.sparkConf())), Map.class);
    m.versions = new LinkedHashMap<>(Versions.all());
    m.versions.put("spark", spark.version());
    m.versions.put("hadoop", org.apache.hadoop.util.VersionInfo.getVersion());
    for (PlannedUnit u : plan.units()) {
      UnitEntry e = m.units.get(u.id());
      if (e == null) {
        e = new UnitEntry();
        e.id = u.id();
        m.units.put(u.id(), e);
      }
      e.kind = u.kind();
      e.name = u.name();
      e.cost = u.cost();
      e.cpus = u.cpus();
      e.spec = UnitCodec.toJson(u.unit());
    }
    return m;
  }

  /**
   * A run dir belongs to the plans it was made for: a config whose plan differs (another grid,
   * another seed) is refused unless the user extends the run, which is recorded.
   */
  private void checkPlan(RunDir dir, RunManifest m, Plan plan) {
    if (!m.units.isEmpty() && m.seed != engine.seed()) {
      // Unit seeds derive from the run seed: committed units were computed with the old one.
      throw new IllegalArgumentException("run dir " + dir.uri() + " was made with engine.seed = "
          + m.seed + "; this config has engine.seed = " + engine.seed() + ". Use a new "
          + "engine.run-dir for another seed.");
    }
    List<String> ids = plan.units().stream().map(PlannedUnit::id).toList();
    if (m.plans.isEmpty() && !m.units.isEmpty()) {
      // Manifests from before plans were recorded: the units they hold are their plan.
      m.plans.add(new PlanRecord(m.createdMillis, "created", List.copyOf(m.units.keySet())));
    }
    java.util.Set<String> now = new java.util.HashSet<>(ids);
    for (PlanRecord p : m.plans) {
      if (new java.util.HashSet<>(p.unitIds()).equals(now)) {
        return;
      }
    }
    if (m.plans.isEmpty()) {
      m.plans.add(new PlanRecord(System.currentTimeMillis(), "created", ids));
      return;
    }
    java.util.Set<String> known = new java.util.LinkedHashSet<>();
    m.plans.forEach(p -> known.addAll(p.unitIds()));
    List<String> added = ids.stream().filter(id -> !known.contains(id)).toList();
    List<String> removed = known.stream().filter(id -> !now.contains(id)).toList();
    if (!extend) {
      throw new PlanMismatchException(dir.uri(), added, removed);
    }
    m.plans.add(new PlanRecord(System.currentTimeMillis(), "extended", ids));
    m.notices.add("extended at " + java.time.Instant.now() + " by a plan adding " + added.size()
        + " unit(s)");
  }

  /**
   * The manifest, or a new one when it cannot be read (truncated by a full disk, edited by hand):
   * the committed units are then found again on the file system by reconcile; what only the
   * manifest knew (attempt history, earlier driver runs) is lost, and the log says so. The
   * unreadable file is kept beside it for inspection.
   */
  private RunManifest readOrNull(RunDir dir) throws IOException {
    try {
      return RunManifest.read(dir);
    } catch (IOException e) {
      long now = System.currentTimeMillis();
      Path kept = new Path(dir.root(), "manifest.json.unreadable-" + now);
      dir.fs().rename(dir.manifest(), kept);
      // Its journal goes with it: replayed onto the rebuilt record it would bring back old states.
      Path journal = dev.flotilla.driver.manifest.RunJournal.dir(dir);
      if (dir.fs().exists(journal)) {
        dir.fs().rename(journal, new Path(dir.root(), "journal.unreadable-" + now));
      }
      LOG.warn("{}; rebuilding it from the committed units (attempt history and earlier driver "
          + "runs are lost; the unreadable file is kept as {})", e.getMessage(), kept.getName());
      rebuiltBecause = e.getMessage().lines().findFirst().orElse("") + "; kept as " + kept.getName();
      return null;
    }
  }

  /**
   * Hadoop settings that differ from the defaults (credentials, endpoints, fs.defaultFS...),
   * shipped with each task so executors open the run dir exactly as the driver does.
   */
  static Map<String, String> shippedHadoopConf(Configuration conf) {
    Configuration defaults = new Configuration();
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> kv : conf) {
      String key = kv.getKey();
      if ((key.startsWith("fs.") || key.startsWith("dfs.") || key.startsWith("hadoop."))
          && !kv.getValue().equals(defaults.get(key))) {
        out.put(key, conf.get(key));
      }
    }
    return out;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
