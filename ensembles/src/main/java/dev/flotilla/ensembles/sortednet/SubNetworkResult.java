package dev.flotilla.ensembles.sortednet;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One evaluated sub-network of one sorted training: a row of the evaluation units'
 * {@code subnetworks.json}, of the report's sub-network table and of what {@code flotilla select}
 * chooses from. JSON names are snake_case ({@code latency_ms}), as those files have always had.
 *
 * @param flops           forward FLOPs per example
 * @param testAccuracy    top-1 accuracy on the test split: reported beside the choice, never used
 *                        to make it ({@code accuracy} in files written before validation splits)
 * @param validAccuracy   top-1 accuracy on the validation split: what the Pareto front and
 *                        selection use; null in files written before validation splits
 * @param params          parameters of the exported standalone network
 * @param latencyMs       the standalone network's median latency, batch 1
 * @param exportMaxAbsDiff largest difference between nested and standalone outputs on a probe batch
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SubNetworkResult(String training, String trainUnit, String subnetwork,
    double widthFraction, int depth, int units, long params, long flops,
    @JsonAlias("accuracy") double testAccuracy, double latencyMs, double exportMaxAbsDiff,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double validAccuracy) {

  /**
   * The accuracy that choices compare: the validation accuracy. Fails, naming the row, for rows
   * without one, so a choice never silently falls back to test accuracy.
   */
  public double selectionAccuracy() {
    if (validAccuracy == null) {
      throw new IllegalStateException("sub-network " + subnetwork + " of " + training
          + " has no validation accuracy (evaluated before validation splits existed): rerun the"
          + " evaluation to select on validation data");
    }
    return validAccuracy;
  }

  /** The (width fraction, depth) pair this row evaluated. */
  public SubNetwork subNetwork() {
    return new SubNetwork(widthFraction, depth);
  }
}
