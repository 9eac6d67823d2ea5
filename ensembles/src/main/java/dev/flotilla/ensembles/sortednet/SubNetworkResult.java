package dev.flotilla.ensembles.sortednet;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One evaluated sub-network of one sorted training: a row of the evaluation units'
 * {@code subnetworks.json}, of the report's sub-network table and of what {@code flotilla select}
 * chooses from. JSON names are snake_case ({@code latency_ms}), as those files have always had.
 *
 * @param flops           forward FLOPs per example
 * @param params          parameters of the exported standalone network
 * @param latencyMs       the standalone network's median latency, batch 1
 * @param exportMaxAbsDiff largest difference between nested and standalone outputs on a probe batch
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SubNetworkResult(String training, String trainUnit, String subnetwork,
    double widthFraction, int depth, int units, long params, long flops, double accuracy,
    double latencyMs, double exportMaxAbsDiff) {

  /** The (width fraction, depth) pair this row evaluated. */
  public SubNetwork subNetwork() {
    return new SubNetwork(widthFraction, depth);
  }
}
