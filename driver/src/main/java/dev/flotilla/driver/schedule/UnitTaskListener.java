package dev.flotilla.driver.schedule;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.Success$;
import org.apache.spark.TaskEndReason;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.TaskInfo;

/**
 * Turns Spark's task events for this run's jobs into {@link UnitEvent}s: task starts (for the
 * progress bar and RUNNING state) and tasks lost without a result (recorded as attempts, since
 * they never return a {@code UnitResult}). Jobs are matched by the local properties set at
 * submission, so other work in the same SparkContext is ignored.
 */
final class UnitTaskListener extends SparkListener {

  static final String RUN_PROPERTY = "flotilla.run";
  static final String UNIT_PROPERTY = "flotilla.unit";
  static final String ATTEMPT_PROPERTY = "flotilla.attempt";

  /** The units of a job (several when units share a task) and their attempt numbers. */
  private record Owner(String[] unitIds, int[] attempts) {}

  private final String runId;
  private final BlockingQueue<UnitEvent> events;
  private final Map<Integer, Owner> stageOwners = new ConcurrentHashMap<>();
  private final Map<Integer, java.util.List<Integer>> jobStages = new ConcurrentHashMap<>();

  UnitTaskListener(String runId, BlockingQueue<UnitEvent> events) {
    this.runId = runId;
    this.events = events;
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    Properties p = jobStart.properties();
    if (p == null || !runId.equals(p.getProperty(RUN_PROPERTY))) {
      return;
    }
    Owner owner = new Owner(p.getProperty(UNIT_PROPERTY).split(","),
        java.util.Arrays.stream(p.getProperty(ATTEMPT_PROPERTY).split(","))
            .mapToInt(Integer::parseInt).toArray());
    java.util.List<Integer> stages = new java.util.ArrayList<>();
    scala.collection.Iterator<Object> it = jobStart.stageIds().iterator();
    while (it.hasNext()) {
      Integer stage = (Integer) it.next();
      stages.add(stage);
      stageOwners.put(stage, owner);
    }
    jobStages.put(jobStart.jobId(), stages);
  }

  /** A job's stages are forgotten when it ends: the listener holds only jobs in flight. */
  @Override
  public void onJobEnd(SparkListenerJobEnd jobEnd) {
    java.util.List<Integer> stages = jobStages.remove(jobEnd.jobId());
    if (stages != null) {
      stages.forEach(stageOwners::remove);
    }
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart taskStart) {
    Owner o = stageOwners.get(taskStart.stageId());
    if (o != null) {
      TaskInfo t = taskStart.taskInfo();
      for (int i = 0; i < o.unitIds().length; i++) {
        events.add(new UnitEvent.Started(o.unitIds()[i], o.attempts()[i], t.attemptNumber(),
            t.executorId(), t.host(), t.launchTime()));
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    Owner o = stageOwners.get(taskEnd.stageId());
    TaskEndReason reason = taskEnd.reason();
    if (o == null || reason == Success$.MODULE$) {
      return;
    }
    TaskInfo t = taskEnd.taskInfo();
    String why = reason instanceof TaskFailedReason f ? f.toErrorString() : reason.toString();
    for (int i = 0; i < o.unitIds().length; i++) {
      events.add(new UnitEvent.TaskLost(o.unitIds()[i], o.attempts()[i], t.attemptNumber(),
          t.executorId(), t.host(), t.launchTime(),
          t.finishTime() > 0 ? t.finishTime() : System.currentTimeMillis(), why));
    }
  }
}
