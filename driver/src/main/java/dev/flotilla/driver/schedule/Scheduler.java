package dev.flotilla.driver.schedule;

import dev.flotilla.driver.manifest.AttemptRecord;
import dev.flotilla.driver.manifest.RunJournal;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.UnitCodec;
import dev.flotilla.executors.unit.UnitResult;
import dev.flotilla.executors.unit.UnitStatus;
import dev.flotilla.executors.unit.UnitTask;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfileBuilder;
import org.apache.spark.resource.TaskResourceRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Runs the pending units of a plan on Spark and keeps the manifest current.
 *
 * <p>Each unit attempt is its own one-task Spark job, submitted in longest-first order: Spark's
 * FIFO scheduler then hands free slots to units in that order, each job and stage is labelled
 * with its unit, one unit's failure never cancels another's, and a unit can be retried alone.
 * Results arrive through {@code submitJob}'s result handler; a single loop on the calling thread
 * applies them to the manifest, so the manifest has exactly one writer.
 */
public final class Scheduler {

  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

  private final SparkContext sc;
  private final ScheduleSettings engine;
  private final RunDir dir;
  private final RunManifest manifest;
  private final Map<String, String> hadoopConf;
  private final BlockingQueue<UnitEvent> events = new LinkedBlockingQueue<>();
  private final LastingFault lastingFault = new LastingFault();
  /** Why the run stops early (cancelled by the user, or a lasting fault), or null. */
  private volatile String stopReason;
  private final ExecutorService waiters = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "flotilla-unit-waiter");
    t.setDaemon(true);
    return t;
  });

  public Scheduler(SparkContext sc, ScheduleSettings engine, RunDir dir, RunManifest manifest,
      Map<String, String> hadoopConf) {
    this.sc = sc;
    this.engine = engine;
    this.dir = dir;
    this.manifest = manifest;
    this.hadoopConf = hadoopConf;
  }

  /** The units not yet committed, in the configured order. */
  public static List<PlannedUnit> pending(Plan plan, RunManifest manifest, boolean longestFirst) {
    List<PlannedUnit> ordered = longestFirst ? plan.longestFirst() : plan.units();
    List<PlannedUnit> out = new ArrayList<>();
    for (PlannedUnit u : ordered) {
      if (manifest.unit(u.id()).state != UnitState.COMMITTED) {
        out.add(u);
      }
    }
    return out;
  }

  /** Runs {@code todo} to completion (committed or out of retries); returns when all are settled. */
  public void run(List<PlannedUnit> todo, int driverRun) throws IOException, InterruptedException {
    String runId = dir.uri() + "#" + driverRun;
    UnitTaskListener listener = new UnitTaskListener(runId, events);
    sc.addSparkListener(listener);
    long done = manifest.count(UnitState.COMMITTED);
    try (Progress progress = new Progress(engine.progress(), manifest.jobKind, manifest.units.size(), done)) {
      java.util.Map<String, PlannedUnit> byId = new java.util.HashMap<>();
      for (PlannedUnit u : todo) {
        byId.put(u.id(), u);
        manifest.unit(u.id()).state = UnitState.PENDING;
      }
      // Units wait here until every unit they read from is committed; the list keeps the order.
      waiting.addAll(todo);
      submitReady(runId);
      manifest.write(dir);
      int outstanding = todo.size();
      boolean drained = false;
      while (outstanding > 0) {
        // Events that arrived together (the units of one task start and end together) share
        // one journal file: one write per batch instead of two per unit.
        UnitEvent ev = events.poll();
        if (ev == null || changed.size() >= JOURNAL_BATCH) {
          flushJournal();
          if (ev == null) {
            ev = events.take();
          }
        }
        if (stopReason != null && !drained) {
          // Units not yet submitted never start; in-flight ones report back as cancelled.
          outstanding -= waiting.size();
          waiting.clear();
          drained = true;
        }
        if (ev instanceof UnitEvent.Wake) {
          continue;
        }
        UnitEntry e = manifest.unit(ev.unitId());
        if (ev instanceof UnitEvent.Started s) {
            if (e.state == UnitState.PENDING) {
              e.state = UnitState.RUNNING;
              progress.started();
              journal(e);
            }
        } else if (ev instanceof UnitEvent.TaskLost l) {
            e.attempts.add(new AttemptRecord(l.attempt(), l.taskAttempt(), l.executorId(), l.host(),
                -1, "TASK_LOST", l.startMillis(), l.endMillis(), -1, l.reason(), driverRun));
            e.lastError = l.reason();
            LOG.warn("unit {} lost its task (attempt {}/{}): {}", e.id, l.attempt(), l.taskAttempt(),
                l.reason());
          journal(e);
        } else if (ev instanceof UnitEvent.Finished f) {
            inFlight--;
            UnitResult r = f.result();
            e.attempts.add(new AttemptRecord(r.attempt(), r.taskAttempt(), r.executorId(), r.host(),
                r.pid(), r.status().name(), r.startMillis(), r.endMillis(), r.resumedFromStep(),
                r.error(), driverRun));
            if (r.status() == UnitStatus.FAILED && stopReason != null) {
              outstanding -= cancelled(e);
            } else if (r.status() == UnitStatus.FAILED) {
              e.lastError = r.error();
              checkLastingFault(r.error(), r.endMillis());
              outstanding -= retryOrFail(runId, byId.get(e.id), e, progress) ? 0 : 1 + failDependents(e.id, progress);
            } else {
              lastingFault.committed();
              e.commit(r.startMillis(), r.endMillis(), r.metrics(), r.facts());
              progress.committed();
              outstanding--;
            }
            submitReady(runId);
          journal(e);
        } else if (ev instanceof UnitEvent.JobFailed j && stopReason != null) {
            inFlight--;
            e.attempts.add(new AttemptRecord(j.attempt(), -1, null, null, -1, "CANCELLED",
                System.currentTimeMillis(), System.currentTimeMillis(), -1, stopReason, driverRun));
            outstanding -= cancelled(e);
        } else if (ev instanceof UnitEvent.JobFailed j) {
            inFlight--;
            e.attempts.add(new AttemptRecord(j.attempt(), -1, null, null, -1, "JOB_FAILED",
                System.currentTimeMillis(), System.currentTimeMillis(), -1, j.error(), driverRun));
            e.lastError = j.error();
            checkLastingFault(j.error(), System.currentTimeMillis());
            outstanding -= retryOrFail(runId, byId.get(e.id), e, progress) ? 0 : 1;
            submitReady(runId);
          journal(e);
        }
      }
      flushJournal();
    } finally {
      sc.removeSparkListener(listener);
      waiters.shutdownNow();
    }
  }

  private final List<PlannedUnit> waiting = new ArrayList<>();
  /** Units changed besides the one an event is about (dependents failed with it). */
  private final List<UnitEntry> alsoChanged = new ArrayList<>();
  /** Units handed to Spark whose job has not reported them back yet. */
  private int inFlight;

  /**
   * How many units are handed to Spark at once: enough to keep every slot busy and the next
   * units queued, few enough that the driver holds a bounded number of jobs and waiting threads
   * whatever the plan's size.
   */
  private int inFlightLimit() {
    return Math.max(8, 2 * sc.defaultParallelism()) * engine.unitsPerTask();
  }

  /** Units changed since the last journal file, in order of their first change. */
  private final java.util.Set<UnitEntry> changed = new java.util.LinkedHashSet<>();
  /** At most this many entries per journal file, so a steady stream of events still writes. */
  private static final int JOURNAL_BATCH = 1000;

  /** Notes the change of {@code e} (and of units changed with it) for the next journal file. */
  private void journal(UnitEntry e) {
    changed.addAll(alsoChanged);
    changed.add(e);
    alsoChanged.clear();
  }

  /** Records the noted changes in the run's journal: one small file. */
  private void flushJournal() throws IOException {
    if (!changed.isEmpty()) {
      RunJournal.append(dir, manifest, changed);
      changed.clear();
    }
  }

  /**
   * Stops the run early: nothing new is submitted or retried, running units' Spark jobs are
   * cancelled and recorded as {@code CANCELLED} (pending again for the next run), committed
   * units stay committed. Safe from any thread (a shutdown hook on SIGTERM).
   */
  public void stop(String reason) {
    if (stopReason == null) {
      stopReason = reason;
      events.add(new UnitEvent.Wake());
      sc.cancelAllJobs();
    }
  }

  /** Why the run stopped early, or null if it ran to the end. */
  public String stopReason() {
    return stopReason;
  }

  private int cancelled(UnitEntry e) {
    e.state = UnitState.PENDING;
    e.lastError = "cancelled: " + stopReason;
    return 1;
  }

  private void checkLastingFault(String error, long at) {
    lastingFault.failed(error, at).ifPresent(line -> {
      LOG.error("the same error ended {} attempts in a row with nothing committed between them; "
          + "stopping instead of retrying: {}", LastingFault.REPEATS, line);
      stop("lasting fault, every attempt fails with: " + line);
    });
  }

  /**
   * Submits, in order, the waiting units whose inputs are all committed: up to
   * {@code engine.units-per-task} consecutive ready units of one kind and cpus share a task.
   */
  private void submitReady(String runId) {
    if (stopReason != null) {
      return;
    }
    List<PlannedUnit> batch = new ArrayList<>();
    int size = engine.unitsPerTask();
    for (java.util.Iterator<PlannedUnit> it = waiting.iterator(); it.hasNext(); ) {
      // A new task starts only when a whole one fits under the limit: the units of a task report
      // back together, and refilling after each of them would send the rest as one-unit tasks.
      if (batch.isEmpty() && inFlight + size > inFlightLimit()) {
        break;
      }
      PlannedUnit u = it.next();
      if (u.after().stream().allMatch(d -> manifest.unit(d).state == UnitState.COMMITTED)) {
        if (!batch.isEmpty() && (!batch.get(0).kind().equals(u.kind()) || batch.get(0).cpus() != u.cpus())) {
          submit(runId, batch);
          batch = new ArrayList<>();
        }
        it.remove();
        batch.add(u);
        if (batch.size() == size) {
          submit(runId, batch);
          batch = new ArrayList<>();
        }
      }
    }
    if (!batch.isEmpty()) {
      submit(runId, batch);
    }
  }

  /** Marks every waiting unit that (transitively) reads from {@code failedId} as FAILED. */
  private int failDependents(String failedId, Progress progress) {
    int n = 0;
    java.util.Set<String> failed = new java.util.HashSet<>(List.of(failedId));
    boolean changed = true;
    while (changed) {
      changed = false;
      for (java.util.Iterator<PlannedUnit> it = waiting.iterator(); it.hasNext(); ) {
        PlannedUnit u = it.next();
        if (u.after().stream().anyMatch(failed::contains)) {
          it.remove();
          failed.add(u.id());
          UnitEntry e = manifest.unit(u.id());
          e.state = UnitState.FAILED;
          e.lastError = "not run: its input unit " + failedId + " failed";
          alsoChanged.add(e);
          progress.failed();
          n++;
          changed = true;
        }
      }
    }
    return n;
  }

  /** @return true if the unit was resubmitted, false if it is now FAILED */
  private boolean retryOrFail(String runId, PlannedUnit u, UnitEntry e, Progress progress) {
    if (stopReason != null) {
      e.state = UnitState.PENDING;
      return false;
    }
    int attemptsInThisRun = (int) e.attempts.stream()
        .filter(a -> !"TASK_LOST".equals(a.outcome()) && a.driverRun() == manifest.drivers.size() - 1)
        .count();
    if (attemptsInThisRun <= engine.unitRetries()) {
      LOG.warn("unit {} failed (attempt {} of {}), retrying: {}", e.id, attemptsInThisRun,
          engine.unitRetries() + 1, firstLine(e.lastError));
      e.state = UnitState.PENDING;
      progress.retrying();
      submit(runId, List.of(u)); // alone, even if it shared a task before
      return true;
    }
    LOG.error("unit {} ({}) failed {} time(s), giving up: {}", e.id, e.name, attemptsInThisRun,
        firstLine(e.lastError));
    e.state = UnitState.FAILED;
    progress.failed();
    return false;
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  /** Hands {@code batch} (units of one kind and cpus) to Spark as one job of one task. */
  private void submit(String runId, List<PlannedUnit> batch) {
    inFlight += batch.size();
    PlannedUnit u = batch.get(0);
    List<UnitTask> tasks = new ArrayList<>();
    for (PlannedUnit b : batch) {
      tasks.add(new UnitTask(b.id(), b.kind(), b.name(), UnitCodec.toJson(b.unit()),
          manifest.unit(b.id()).unitAttempts(), b.cpus(), engine.gpusPerUnit(), UnitCodec.seedOf(engine.seed(), b.id()),
          dir.uri(), engine.checkpointEvery(), hadoopConf));
    }
    JavaRDD<UnitTask> one = JavaSparkContext.fromSparkContext(sc).parallelize(tasks, 1);
    RDD<UnitTask> rdd = one.rdd();
    int taskCpus = sc.getConf().getInt("spark.task.cpus", 1);
    if (u.cpus() != taskCpus && !sc.isLocal()) {
      // Stage-level scheduling: this unit's task takes u.cpus() cores instead of spark.task.cpus.
      TaskResourceRequests requests = new TaskResourceRequests().cpus(u.cpus());
      if (engine.gpusPerUnit() > 0) {
        requests = requests.resource("gpu", engine.gpusPerUnit());
      }
      ResourceProfile profile = new ResourceProfileBuilder().require(requests).build();
      rdd = rdd.withResources(profile);
    }
    String ids = String.join(",", tasks.stream().map(UnitTask::unitId).toList());
    String attempts = String.join(",", tasks.stream().map(t -> Integer.toString(t.attempt())).toList());
    String label = batch.size() == 1
        ? "unit " + u.name() + " [" + u.id() + "] attempt " + tasks.get(0).attempt()
        : batch.size() + " units " + u.name() + " .. " + batch.get(batch.size() - 1).name();
    sc.setJobGroup("flotilla:" + u.id(), label, true);
    sc.setCallSite(label);
    sc.setLocalProperty(UnitTaskListener.RUN_PROPERTY, runId);
    sc.setLocalProperty(UnitTaskListener.UNIT_PROPERTY, ids);
    sc.setLocalProperty(UnitTaskListener.ATTEMPT_PROPERTY, attempts);
    AtomicReference<UnitResult[]> result = new AtomicReference<>();
    SimpleFutureAction<BoxedUnit> future;
    try {
      future = sc.submitJob(rdd, new RunUnitFunction(),
          JavaConverters.asScalaBuffer(List.<Object>of(0)).toSeq(),
          new AbstractFunction2<Object, UnitResult[], BoxedUnit>() {
            @Override
            public BoxedUnit apply(Object index, UnitResult[] r) {
              result.set(r);
              return BoxedUnit.UNIT;
            }
          },
          new AbstractFunction0<BoxedUnit>() {
            @Override
            public BoxedUnit apply() {
              return BoxedUnit.UNIT;
            }
          });
    } finally {
      sc.clearCallSite();
      sc.clearJobGroup();
      sc.setLocalProperty(UnitTaskListener.RUN_PROPERTY, null);
      sc.setLocalProperty(UnitTaskListener.UNIT_PROPERTY, null);
      sc.setLocalProperty(UnitTaskListener.ATTEMPT_PROPERTY, null);
    }
    waiters.submit(() -> {
      // Every unit of the batch gets exactly one ending event: its result, or the job's failure.
      java.util.Set<String> reported = new java.util.HashSet<>();
      try {
        future.get();
        UnitResult[] rs = result.get();
        if (rs != null) {
          for (UnitResult r : rs) {
            reported.add(r.unitId());
            events.add(new UnitEvent.Finished(r.unitId(), r));
          }
        }
        for (UnitTask t : tasks) {
          if (!reported.contains(t.unitId())) {
            events.add(new UnitEvent.JobFailed(t.unitId(), t.attempt(), "job ended without a result"));
          }
        }
      } catch (Exception | Error e) {
        for (UnitTask t : tasks) {
          if (!reported.contains(t.unitId())) {
            events.add(new UnitEvent.JobFailed(t.unitId(), t.attempt(), String.valueOf(e.getMessage())));
          }
        }
      }
    });
  }
}
