package dev.flotilla.jobs.sweep;

import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.backend.ModelSpec;
import dev.flotilla.executors.backend.TrainableModel;
import dev.flotilla.executors.data.FashionMnist;
import dev.flotilla.jobs.config.ConfigReader;
import dev.flotilla.jobs.config.FashionMnistData;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code sweep.*} keys: one independently trained classifier per grid point (MLP widths x
 * learning rates, and CNNs) on Fashion-MNIST, on one backend. Immutable.
 *
 * @param epochs passes over the training examples; steps = ceil(epochs * examples / batch)
 */
public record SweepConfig(String backend, FashionMnistData data, double epochs, int batchSize,
    Grid mlp, Grid cnn) {

  /**
   * One model family of the grid ({@code sweep.mlp} or {@code sweep.cnn}): a model per widths
   * entry and learning rate.
   */
  public record Grid(String kind, List<List<Integer>> widths, List<Double> learningRates) {

    public Grid {
      widths = List.copyOf(widths);
      learningRates = List.copyOf(learningRates);
    }

    /** Fashion-MNIST classifiers (1x28x28, 10 classes), widths outer, learning rates inner. */
    public List<ModelSpec> models() {
      List<ModelSpec> out = new ArrayList<>();
      for (List<Integer> w : widths) {
        for (double lr : learningRates) {
          out.add(new ModelSpec(kind, w, 1, 28, 28, FashionMnist.CLASS_NAMES.length, lr));
        }
      }
      return out;
    }

    static Grid read(ConfigReader c, String section, String kind) {
      String wKey = "sweep." + section + ".widths";
      Grid g = new Grid(kind, c.intLists(wKey, 1, false),
          c.positiveList("sweep." + section + ".learning-rates", false));
      // A family is left out with widths = []; an empty list of rates beside widths would drop
      // the family silently.
      if (!g.widths().isEmpty() && g.learningRates().isEmpty()) {
        throw c.error("sweep." + section + ".learning-rates", "empty while sweep." + section
            + ".widths has " + g.widths().size() + " entries: no " + section + " would be trained "
            + "(to leave " + section + " out, set sweep." + section + ".widths = [])");
      }
      try {
        g.models();
      } catch (IllegalArgumentException e) {
        throw c.error(wKey, e.getMessage());
      }
      return g;
    }
  }

  /** Reads and validates every {@code sweep.*} key; errors name the file, line, key and value. */
  public static SweepConfig read(ConfigReader c) {
    String backend = c.string("sweep.backend");
    if (!Backends.names().contains(backend)) {
      throw c.error("sweep.backend", "unknown backend; known: " + Backends.names());
    }
    FashionMnistData data = FashionMnistData.read(c, "sweep");
    int batch = c.intAtLeast("sweep.batch-size", 1);
    double epochs = c.positive("sweep.epochs");
    if (data.trainExamples() < batch) {
      throw c.error("sweep.batch-size", "exceeds the " + data.trainExamples()
          + " training examples (sweep.data.train-limit)");
    }
    SweepConfig config = new SweepConfig(backend, data, epochs, batch,
        Grid.read(c, "mlp", ModelSpec.MLP), Grid.read(c, "cnn", ModelSpec.CNN));
    if (config.models().isEmpty()) {
      throw c.error("sweep.mlp.widths", "sweep.mlp.widths and sweep.cnn.widths are both empty: "
          + "nothing to train");
    }
    for (ModelSpec m : config.models()) {
      try {
        Backends.require(backend, TrainableModel.FAMILY, m.kind()); // a kind the backend lacks fails here, at plan time
      } catch (IllegalArgumentException e) {
        throw c.error("sweep.backend", e.getMessage());
      }
    }
    return config;
  }

  /** Every model of the grid: the MLPs, then the CNNs. */
  public List<ModelSpec> models() {
    List<ModelSpec> out = new ArrayList<>(mlp.models());
    out.addAll(cnn.models());
    return out;
  }

  /** Optimizer steps of each model. */
  public long steps() {
    return data.steps(epochs, batchSize);
  }
}
