package dev.flotilla.jobs.sortednet;

import dev.flotilla.ensembles.sortednet.SamplingPolicy;
import dev.flotilla.ensembles.sortednet.SortedNetSpec;
import dev.flotilla.ensembles.sortednet.SubNetwork;
import dev.flotilla.ensembles.sortednet.SubNetworkGrid;
import dev.flotilla.ensembles.sortednet.TrainingOptions;
import dev.flotilla.executors.data.FashionMnist;
import dev.flotilla.jobs.config.ConfigReader;
import dev.flotilla.jobs.config.FashionMnistData;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code sortednet.*} keys: the nested model and its sub-network grid, the sorted trainings
 * (a sampling policy and a seed each) with their shared options, the evaluation batches, and the
 * sub-networks trained alone as the baseline. Immutable.
 *
 * @param trainings one sorted training per entry of {@code sortednet.trainings}
 * @param baseline  sub-networks trained alone (their architecture, the sorted training's recipe)
 */
public record SortedNetConfig(SortedNetSpec spec, SubNetworkGrid grid, FashionMnistData data,
    TrainingOptions options, List<Training> trainings, Eval eval, List<SubNetwork> baseline) {

  /** One entry of {@code sortednet.trainings}. */
  public record Training(SamplingPolicy policy, long seed) {

    /** How units and tables name this training, e.g. {@code sandwich-s1}, {@code probabilistic-full-s1}. */
    public String label() {
      boolean marked = policy.largestEveryStep() && !SamplingPolicy.SANDWICH.equals(policy.kind());
      return policy.kind() + (marked ? "-full" : "") + "-s" + seed;
    }
  }

  /** {@code sortednet.eval}: sub-networks per evaluation unit, latency repeats per sub-network. */
  public record Eval(int subnetworksPerUnit, int latencyRepeats) {}

  public SortedNetConfig {
    trainings = List.copyOf(trainings);
    baseline = List.copyOf(baseline);
  }

  /** Reads and validates every {@code sortednet.*} key; errors name the file, line, key and value. */
  public static SortedNetConfig read(ConfigReader c) {
    if (!"djl".equals(c.string("sortednet.backend"))) {
      throw c.error("sortednet.backend", "nested models exist only on the djl backend");
    }
    SortedNetSpec spec = spec(c);
    List<Double> widths = c.positiveList("sortednet.grid.widths", true);
    if (widths.stream().anyMatch(w -> w > 1)) {
      throw c.error("sortednet.grid.widths", "widths are fractions of the full width, in (0, 1]");
    }
    List<Integer> depths = c.intList("sortednet.grid.depths", 1, true);
    if (depths.stream().anyMatch(d -> d > spec.depth())) {
      throw c.error("sortednet.grid.depths", "beyond the model's " + spec.depth()
          + " blocks (sortednet.model.depth); valid: 1.." + spec.depth());
    }
    SubNetworkGrid grid;
    try {
      grid = new SubNetworkGrid(widths, depths);
      grid.check(spec);
    } catch (IllegalArgumentException e) {
      throw section(c, "sortednet.grid", e);
    }
    FashionMnistData data = FashionMnistData.read(c, "sortednet");
    if (data.valid() == null) {
      // The Pareto front and select choose among sub-networks: on test data that choice leaks.
      throw c.error("sortednet.data.valid-fraction", "must be > 0: selection and the Pareto front "
          + "use the validation split, never the test split");
    }
    return new SortedNetConfig(spec, grid, data, options(c, data), trainings(c, grid),
        new Eval(c.intAtLeast("sortednet.eval.subnetworks-per-unit", 1),
            c.intAtLeast("sortednet.eval.latency-repeats", 1)),
        baseline(c, spec));
  }

  private static SortedNetSpec spec(ConfigReader c) {
    String kind = c.oneOf("sortednet.model.kind", List.of(SortedNetSpec.MLP, SortedNetSpec.CNN));
    int width = c.intAtLeast("sortednet.model.width", 1);
    int depth = c.intAtLeast("sortednet.model.depth", 1);
    double lr = c.positive("sortednet.model.learning-rate");
    try {
      return new SortedNetSpec(kind, width, depth, 1, 28, 28, FashionMnist.CLASS_NAMES.length, lr,
          c.bool("sortednet.model.residual"));
    } catch (IllegalArgumentException e) {
      throw section(c, "sortednet.model", e);
    }
  }

  private static TrainingOptions options(ConfigReader c, FashionMnistData data) {
    int batch = c.intAtLeast("sortednet.batch-size", 1);
    double shrinkAfter = c.doubleIn("sortednet.shrink-after", 0, 1);
    if (shrinkAfter == 1) {
      throw c.error("sortednet.shrink-after", "must be in [0, 1): some steps must train sub-networks");
    }
    return new TrainingOptions(data.steps(c.positive("sortednet.epochs"), batch), batch,
        c.doubleIn("sortednet.distill", 0, 1), c.positive("sortednet.temperature"), shrinkAfter,
        c.longAtLeast("sortednet.warmup-steps", 0),
        c.oneOf("sortednet.lr-schedule", List.of(TrainingOptions.CONSTANT, TrainingOptions.COSINE)));
  }

  private static List<Training> trainings(ConfigReader c, SubNetworkGrid grid) {
    List<Double> widthProbs = c.nonNegativeList("sortednet.width-probabilities", false);
    List<Double> depthProbs = c.nonNegativeList("sortednet.depth-probabilities", false);
    List<Training> out = new ArrayList<>();
    for (ConfigReader t : c.objectList("sortednet.trainings", true)) {
      t.onlyKeys(List.of("policy", "per-step", "seed", "largest-every-step"));
      String kind = t.oneOf("policy",
          List.of(SamplingPolicy.UNIFORM, SamplingPolicy.SANDWICH, SamplingPolicy.PROBABILISTIC));
      int perStep = t.has("per-step") ? t.intAtLeast("per-step", 1) : 4;
      long seed = t.has("seed") ? t.longAtLeast("seed", Long.MIN_VALUE) : 1;
      boolean largest = t.has("largest-every-step") && t.bool("largest-every-step");
      SamplingPolicy policy;
      try {
        policy = new SamplingPolicy(kind, perStep, widthProbs, depthProbs, largest);
        policy.check(grid);
      } catch (IllegalArgumentException e) {
        throw t.error("policy", e.getMessage());
      }
      out.add(new Training(policy, seed));
    }
    return out;
  }

  private static List<SubNetwork> baseline(ConfigReader c, SortedNetSpec spec) {
    String key = "sortednet.baseline";
    List<SubNetwork> out = new ArrayList<>();
    for (Object o : c.config().getList(key).unwrapped()) {
      if (!(o instanceof List<?> pair) || pair.size() != 2 || !(pair.get(0) instanceof Number w)
          || !(pair.get(1) instanceof Number d) || d.doubleValue() != Math.rint(d.doubleValue())) {
        throw c.error(key, "each entry must be [width fraction, depth], got " + o);
      }
      try {
        SubNetwork s = new SubNetwork(w.doubleValue(), d.intValue());
        spec.check(s);
        out.add(s);
      } catch (IllegalArgumentException e) {
        throw c.error(key, e.getMessage());
      }
    }
    return out;
  }

  /** A domain rule broken by a whole section (its keys together), named with where it was set. */
  private static IllegalArgumentException section(ConfigReader c, String key, IllegalArgumentException e) {
    return new IllegalArgumentException(c.where(key) + key + ": " + e.getMessage(), e);
  }
}
