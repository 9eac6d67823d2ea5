package dev.flotilla.executors.unit;

/**
 * One independent piece of a job: the spec of what to compute, and how to compute it.
 *
 * <p>Implementations are immutable records whose components are the whole spec: the unit id is
 * derived from them ({@link UnitCodec#idOf}), they travel to executors as JSON, and running a
 * unit twice must commit the same artifact once. Anything that does not change the output
 * (cpus, retries, where it runs) belongs to the plan, not to the unit.
 */
public interface WorkUnit {

  /** Registry name of this unit kind, e.g. {@code "sweep-train"}; see {@link UnitKinds}. */
  String kind();

  /** Short human label for logs, the Spark UI and reports. Not necessarily unique. */
  String name();

  /**
   * Relative cost estimate (by convention, seconds of one core). Used to order units longest
   * first and to forecast the makespan; it never changes what the unit computes.
   */
  double cost();

  /**
   * Runs the unit. Everything written under {@link UnitContext#outputDir()} becomes visible in the
   * run directory atomically once this returns; nothing is visible if it throws.
   */
  UnitOutput execute(UnitContext ctx) throws Exception;
}
