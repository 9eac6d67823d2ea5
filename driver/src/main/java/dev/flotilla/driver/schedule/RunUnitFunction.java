package dev.flotilla.driver.schedule;

import dev.flotilla.executors.memory.NativeHeap;
import dev.flotilla.executors.unit.UnitResult;
import dev.flotilla.executors.unit.UnitRunner;
import dev.flotilla.executors.unit.UnitTask;
import java.io.Serializable;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * The code of every Flotilla Spark task: its one partition holds the units of the task (one, or
 * several of one kind with {@code engine.units-per-task}), run one after another, each with its
 * own attempt directory, commit and result. A named class rather than a lambda keeps the closure
 * small and its deserialization plain.
 */
final class RunUnitFunction extends AbstractFunction1<Iterator<UnitTask>, UnitResult[]>
    implements Serializable {

  private static final long serialVersionUID = 2L;

  @Override
  public UnitResult[] apply(Iterator<UnitTask> partition) {
    TaskContext tc = TaskContext.get();
    String executor = SparkEnv.get().executorId();
    java.util.List<UnitResult> results = new java.util.ArrayList<>();
    java.util.List<String> gpus = gpuAddresses(tc);
    // Spills go where Spark's own do (its local directories), not to java.io.tmpdir.
    java.nio.file.Path scratch = java.nio.file.Path.of(org.apache.spark.util.Utils.getLocalDir(SparkEnv.get().conf()));
    while (partition.hasNext()) {
      results.add(UnitRunner.run(partition.next(), tc.attemptNumber(), executor, gpus, scratch));
    }
    NativeHeap.trim(); // what the units freed in native memory goes back before the next task
    return results.toArray(UnitResult[]::new);
  }

  /** The GPUs Spark assigned to this task (its "gpu" resource), none if it has no such resource. */
  private static java.util.List<String> gpuAddresses(TaskContext tc) {
    scala.Option<org.apache.spark.resource.ResourceInformation> gpu = tc.resources().get("gpu");
    return gpu.isDefined() ? java.util.List.of(gpu.get().addresses()) : java.util.List.of();
  }
}
