package dev.flotilla.executors.unit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a unit's training went, step by step: the mean training loss of each window of steps, and
 * a validation metric at some steps (where the unit has a validation split). Part of the unit's
 * {@link UnitRecord}, so reports chart it from committed records. Immutable.
 *
 * @param validMetric what {@link Point#valid} measures (e.g. {@code accuracy}); null without one
 * @param points      by step; a point may carry the loss, the validation metric, or both
 */
public record LearningCurve(String validMetric, List<Point> points) {

  /** A unit that recorded no curve (and every record written before curves existed). */
  public static final LearningCurve NONE = new LearningCurve(null, List.of());

  /** Loss points per curve, at most: a window is {@code ceil(steps / LOSS_POINTS)} steps. */
  public static final int LOSS_POINTS = 100;
  /** Validation evaluations per curve, at most (each costs a pass over the validation split). */
  public static final int VALID_POINTS = 10;

  public LearningCurve {
    points = points == null ? List.of() : List.copyOf(points);
  }

  /**
   * @param step      optimizer steps done (1-based: the point after {@code step} updates)
   * @param trainLoss mean training loss over the window ending at {@code step}, or null
   * @param valid     the validation metric at {@code step}, or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Point(long step, Double trainLoss, Double valid) {}

  public boolean isEmpty() {
    return points.isEmpty();
  }

  /**
   * Collects a curve during training: feed it every step's loss; ask it when a validation
   * evaluation is due. Its {@link #state()} goes into checkpoints, so a resumed attempt continues
   * the same curve, including a half-done window. Not thread-safe.
   */
  public static final class Recorder {
    private final long steps;
    private final long lossEvery;
    private final long validEvery;
    private final String validMetric;
    private final TreeMap<Long, Point> points = new TreeMap<>();
    private double windowSum;
    private int windowCount;

    /** For a training of {@code steps} steps; {@code validMetric} null when it has no validation. */
    public Recorder(long steps, String validMetric) {
      this.steps = steps;
      this.lossEvery = Math.max(1, (steps + LOSS_POINTS - 1) / LOSS_POINTS);
      this.validEvery = Math.max(1, (steps + VALID_POINTS - 1) / VALID_POINTS);
      this.validMetric = validMetric;
    }

    /** Adds the loss of step {@code done} (1-based). */
    public void loss(long done, double loss) {
      windowSum += loss;
      windowCount++;
      if (done % lossEvery == 0 || done == steps) {
        put(done, windowSum / windowCount, null);
        windowSum = 0;
        windowCount = 0;
      }
    }

    /** True when the validation metric should be measured after step {@code done}. */
    public boolean validDue(long done) {
      return validMetric != null && (done % validEvery == 0 || done == steps);
    }

    public void valid(long done, double value) {
      put(done, null, value);
    }

    private void put(long step, Double loss, Double valid) {
      Point old = points.get(step);
      points.put(step, new Point(step, loss != null ? loss : old == null ? null : old.trainLoss(),
          valid != null ? valid : old == null ? null : old.valid()));
    }

    public LearningCurve curve() {
      return new LearningCurve(validMetric, new ArrayList<>(points.values()));
    }

    /** What a checkpoint keeps: the points so far and the open window. */
    public State state() {
      return new State(curve(), windowSum, windowCount);
    }

    /** Continues from a checkpoint's state. */
    public void restore(State s) {
      points.clear();
      for (Point p : s.curve().points()) {
        points.put(p.step(), p);
      }
      windowSum = s.windowSum();
      windowCount = s.windowCount();
    }
  }

  /** A {@link Recorder}'s state in a checkpoint. */
  public record State(LearningCurve curve, double windowSum, int windowCount) {}

  /** The curves of several units by label, e.g. for one chart per plan. */
  public static Map<String, LearningCurve> nonEmpty(Map<String, LearningCurve> curves) {
    Map<String, LearningCurve> out = new java.util.LinkedHashMap<>();
    curves.forEach((k, v) -> {
      if (v != null && !v.isEmpty()) {
        out.put(k, v);
      }
    });
    return out;
  }
}
