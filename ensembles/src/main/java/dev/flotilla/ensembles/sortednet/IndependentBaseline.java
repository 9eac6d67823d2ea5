package dev.flotilla.ensembles.sortednet;

import dev.flotilla.ensembles.sweep.SweepTrainUnit;
import dev.flotilla.executors.backend.ModelSpec;
import dev.flotilla.executors.data.ValidSplit;
import java.util.Collections;
import java.util.List;

/**
 * The independent-training baseline of a sorted mlp: sub-network (w, d) as a plain MLP of d
 * layers of ceil(w·width) units, trained alone (a sweep unit) with the sorted training's steps
 * and batch. The sweep has no CNN of the sorted CNN's shape, so there is no cnn baseline.
 */
public final class IndependentBaseline {

  private IndependentBaseline() {}

  /** The architecture of {@code s} as a plain MLP with the sorted model's input and classes. */
  public static ModelSpec model(SortedNetSpec spec, SubNetwork s) {
    if (!SortedNetSpec.MLP.equals(spec.kind())) {
      throw new IllegalArgumentException("independent baselines exist for the mlp only, not "
          + spec.kind());
    }
    List<Integer> widths = Collections.nCopies(s.depth(), s.units(spec.width()));
    return new ModelSpec(ModelSpec.MLP, widths, spec.channels(), spec.height(), spec.imageWidth(),
        spec.classes(), spec.learningRate());
  }

  /** The unit that trains {@code s} alone on the djl backend, as long as the sorted training and on the same split. */
  public static SweepTrainUnit unit(SortedNetSpec spec, SubNetwork s, TrainingOptions options,
      String dataDir, int trainLimit, int testLimit, ValidSplit valid) {
    return new SweepTrainUnit("djl", model(spec, s), dataDir, trainLimit, testLimit,
        options.steps(), options.batchSize(), valid);
  }
}
