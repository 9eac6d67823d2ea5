package dev.flotilla.driver.schedule;

import dev.flotilla.executors.unit.UnitResult;
import dev.flotilla.executors.unit.UnitRunner;
import dev.flotilla.executors.unit.UnitTask;
import java.io.Serializable;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * The code of every Flotilla Spark task: its partition holds exactly one {@link UnitTask}.
 * A named class rather than a lambda keeps the closure small and its deserialization plain.
 */
final class RunUnitFunction extends AbstractFunction1<Iterator<UnitTask>, UnitResult>
    implements Serializable {

  private static final long serialVersionUID = 1L;

  @Override
  public UnitResult apply(Iterator<UnitTask> partition) {
    UnitTask task = partition.next();
    if (partition.hasNext()) {
      throw new IllegalStateException("a Flotilla task must hold exactly one unit");
    }
    TaskContext tc = TaskContext.get();
    return UnitRunner.run(task, tc.attemptNumber(), SparkEnv.get().executorId());
  }
}
