package dev.flotilla.executors.unit;

import dev.flotilla.executors.checkpoint.Checkpoints;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** What a running unit may use. One instance per attempt; not shared between threads. */
public interface UnitContext {

  String unitId();

  /** Driver-level attempt (0 first); a Spark task retry of the same attempt keeps this number. */
  int attempt();

  /** Spark's attempt number of the task running this unit (0 first). */
  int taskAttempt();

  /** Cores (and GPUs) granted to this unit: pass it to whatever builds a model. */
  ComputeBudget budget();

  /** Values shared with the other units of this executor JVM (bounded; see {@link UnitCache}). */
  UnitCache cache();

  /** Seed derived from the run seed and the unit id: stable across attempts and reruns. */
  long seed();

  /** File system of the run directory (file://, hdfs://, s3a:// ...). */
  FileSystem fs();

  Configuration hadoopConf();

  /** Private, per-attempt directory; its content is committed atomically when the unit returns. */
  Path outputDir();

  /** Committed output directory of another unit of the same run (for units that merge). */
  Path committedOutput(String unitId);

  /**
   * A local directory for the unit's temporary files (spills): one of Spark's local directories on
   * an executor ({@code spark.local.dir}, {@code SPARK_LOCAL_DIRS} or the cluster manager's), else
   * {@code java.io.tmpdir}. Shared with the other units of the JVM: name files uniquely, delete them.
   */
  java.nio.file.Path scratchDir();

  /** Checkpoint store of this unit; survives failed attempts, removed after the commit. */
  Checkpoints checkpoints();
}
