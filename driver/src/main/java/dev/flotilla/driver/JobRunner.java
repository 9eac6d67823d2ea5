package dev.flotilla.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.driver.manifest.AttemptRecord;
import dev.flotilla.driver.manifest.DriverRun;
import dev.flotilla.driver.manifest.RunLock;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.driver.report.EngineReport;
import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.schedule.Scheduler;
import dev.flotilla.executors.Versions;
import dev.flotilla.executors.rundir.AtomicFiles;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.rundir.RunDirUmask;
import dev.flotilla.executors.unit.UnitCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One driver invocation on a run dir: lock, reconcile, schedule, merge, report. */
final class JobRunner {

  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark;
  private final JobSpec job;
  private final EngineSettings engine;

  JobRunner(SparkSession spark, JobSpec job) {
    this.spark = spark;
    this.job = job;
    this.engine = job.engine();
  }

  RunManifest run() throws IOException {
    Plan plan = job.plan();
    SparkContext sc = spark.sparkContext();
    warnIfNotInEffect(sc);
    RunDir dir = open(engine.runDir(), RunDirUmask.apply(engine.runDir(), sc.hadoopConfiguration()));
    try (RunLock lock = RunLock.acquire(dir)) {
      RunManifest m = loadOrCreate(dir, plan);
      reconcile(dir, m, plan);
      m.drivers.add(new DriverRun(hostName(), ProcessHandle.current().pid(), sc.master(),
          sc.applicationId(), System.currentTimeMillis(), 0, "running"));
      int driverRun = m.drivers.size() - 1;
      m.write(dir);
      List<PlannedUnit> todo = Scheduler.pending(plan, m, engine.order());
      LOG.info("{} run in {}: {} units, {} already committed, {} to run", job.kind(), dir.uri(),
          plan.units().size(), plan.units().size() - todo.size(), todo.size());
      try {
        new Scheduler(sc, engine, dir, m, shippedHadoopConf(dir.conf()))
            .run(todo, driverRun);
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
        job.merge(new MergeContext(dir, m, plan), report);
      } else {
        report.paragraph("Merge skipped: " + failed.size() + " unit(s) failed; rerun on this run "
            + "dir to retry only them.");
      }
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
    if (RunManifest.exists(dir)) {
      m = RunManifest.read(dir);
      if (!job.kind().equals(m.jobKind)) {
        throw new IllegalArgumentException("run dir " + dir.uri() + " holds a '" + m.jobKind
            + "' run; this job is '" + job.kind() + "'. Use another engine.run-dir.");
      }
    } else {
      m = new RunManifest();
      m.jobKind = job.kind();
      m.runDir = dir.uri();
      m.createdMillis = System.currentTimeMillis();
    }
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
      e.spec = JSON.readTree(UnitCodec.toJson(u.unit()));
    }
    return m;
  }

  /**
   * The file system is the truth about commits: a driver that died between a commit and its
   * manifest write left a committed unit marked RUNNING; a unit left RUNNING by a dead driver
   * is pending again.
   */
  private static void reconcile(RunDir dir, RunManifest m, Plan plan) throws IOException {
    for (PlannedUnit u : plan.units()) {
      UnitEntry e = m.unit(u.id());
      if (dir.isCommitted(u.id())) {
        if (e.state != UnitState.COMMITTED) {
          JsonNode rec = JSON.readTree(AtomicFiles.readString(dir.fs(), dir.unitRecord(u.id())));
          e.state = UnitState.COMMITTED;
          if (e.attempts.stream().noneMatch(a -> "COMMITTED".equals(a.outcome()))) {
            // Committed by an attempt of the previous driver, which died before recording it.
            e.attempts.add(new AttemptRecord(rec.path("attempt").asInt(),
                rec.path("taskAttempt").asInt(), rec.path("executorId").asText(),
                rec.path("host").asText(), rec.path("pid").asLong(-1), "COMMITTED",
                rec.path("startMillis").asLong(), rec.path("endMillis").asLong(),
                rec.path("resumedFromStep").asLong(-1), null, Math.max(0, m.drivers.size() - 1)));
          }
          e.seconds = (rec.path("endMillis").asLong() - rec.path("startMillis").asLong()) / 1000.0;
          e.committedMillis = rec.path("endMillis").asLong();
          for (Iterator<Map.Entry<String, JsonNode>> it = rec.path("metrics").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            e.metrics.put(f.getKey(), f.getValue().asDouble());
          }
          for (Iterator<Map.Entry<String, JsonNode>> it = rec.path("facts").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            e.facts.put(f.getKey(), f.getValue().asText());
          }
        }
      } else if (e.state != UnitState.PENDING) {
        e.state = UnitState.PENDING;
      }
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
