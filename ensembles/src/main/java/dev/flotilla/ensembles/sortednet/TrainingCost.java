package dev.flotilla.ensembles.sortednet;

import java.util.List;

/**
 * What an approach cost to train: how many models it yields, its training FLOPs and seconds.
 * SortedNet's target: one sorted training costs at most twice the largest network trained alone.
 */
public record TrainingCost(String approach, int models, double trainFlops, double trainSeconds) {

  public double flopsRelativeTo(TrainingCost reference) {
    return trainFlops / reference.trainFlops;
  }

  public double secondsRelativeTo(TrainingCost reference) {
    return trainSeconds / reference.trainSeconds;
  }

  /** The model with the most training FLOPs among those trained alone (the first on ties). */
  public static TrainingCost largest(String approach, List<TrainingCost> alone) {
    TrainingCost best = new TrainingCost(approach, 1, 0, 0);
    for (TrainingCost c : alone) {
      if (c.trainFlops > best.trainFlops) {
        best = new TrainingCost(approach, 1, c.trainFlops, c.trainSeconds);
      }
    }
    return best;
  }

  /** All models trained alone, together. */
  public static TrainingCost total(String approach, List<TrainingCost> alone) {
    double flops = 0;
    double seconds = 0;
    for (TrainingCost c : alone) { // plain sums, in order (as the cost table always added them)
      flops += c.trainFlops;
      seconds += c.trainSeconds;
    }
    return new TrainingCost(approach, alone.size(), flops, seconds);
  }
}
