package dev.flotilla.ensembles.sortednet;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Selection without search: the evaluated sub-network with the best validation accuracy within a
 * budget (ties: fewer FLOPs). Test accuracy never enters the choice. A null limit means unconstrained; a null training means any training.
 */
public record Selection(Double maxFlops, Long maxParams, Double maxLatencyMs, String training) {

  public boolean admits(SubNetworkResult row) {
    return (maxFlops == null || row.flops() <= maxFlops)
        && (maxParams == null || row.params() <= maxParams)
        && (maxLatencyMs == null || row.latencyMs() <= maxLatencyMs)
        && (training == null || training.equals(row.training()));
  }

  public Optional<SubNetworkResult> best(List<SubNetworkResult> rows) {
    List<SubNetworkResult> admitted = rows.stream().filter(this::admits).toList();
    admitted.forEach(SubNetworkResult::selectionAccuracy); // fails on a row without one, even alone
    return admitted.stream()
        .max(Comparator.comparingDouble(SubNetworkResult::selectionAccuracy)
            .thenComparing(r -> -(double) r.flops()));
  }

  /** The sub-network with the fewest FLOPs (what a budget that admits nothing is told about). */
  public static Optional<SubNetworkResult> smallest(List<SubNetworkResult> rows) {
    return rows.stream().min(Comparator.comparingLong(SubNetworkResult::flops));
  }

  public String describe() {
    StringBuilder b = new StringBuilder();
    if (maxFlops != null) b.append(" --max-flops ").append(maxFlops);
    if (maxParams != null) b.append(" --max-params ").append(maxParams);
    if (maxLatencyMs != null) b.append(" --max-latency-ms ").append(maxLatencyMs);
    if (training != null) b.append(" --training ").append(training);
    return b.length() == 0 ? " no budget" : b.toString();
  }
}
