package dev.flotilla.datafiltering.dfn;

import dev.flotilla.executors.unit.UnitResult;
import dev.flotilla.executors.unit.UnitRunner;
import dev.flotilla.executors.unit.UnitTask;
import java.util.Map;

/**
 * Runs one dfn scoring unit in this JVM, exactly as an executor task does (UnitRunner, attempt
 * dir, commit), for tests that need a JVM of their own (a small heap). Args: run dir, unit id,
 * unit JSON. Prints the result status and exits 0 when the unit committed.
 */
public final class ScoreShardMain {

  public static void main(String[] args) {
    UnitTask task = new UnitTask(args[1], DfnScoreUnit.KIND, "score", args[2], 0, 1, 1, args[0], 100, Map.of());
    UnitResult r = UnitRunner.run(task, 0, "child");
    System.out.println("status=" + r.status() + " error=" + r.error() + " metrics=" + r.metrics()
        + " heap_max_mb=" + Runtime.getRuntime().maxMemory() / (1 << 20));
    System.exit(r.status().name().equals("COMMITTED") ? 0 : 1);
  }
}
