package dev.flotilla.jobs.sortednet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Selection without search: the most accurate sub-network of the evaluated table within a
 * budget (ties: fewer FLOPs). A null limit means unconstrained.
 */
public record Selection(Double maxFlops, Long maxParams, Double maxLatencyMs, String training) {

  public boolean admits(JsonNode row) {
    return (maxFlops == null || row.path("flops").asDouble() <= maxFlops)
        && (maxParams == null || row.path("params").asLong() <= maxParams)
        && (maxLatencyMs == null || row.path("latency_ms").asDouble() <= maxLatencyMs)
        && (training == null || training.equals(row.path("training").asText()));
  }

  public Optional<JsonNode> best(Iterable<JsonNode> rows) {
    List<JsonNode> ok = new ArrayList<>();
    rows.forEach(r -> {
      if (admits(r)) {
        ok.add(r);
      }
    });
    return ok.stream().max(Comparator.comparingDouble((JsonNode r) -> r.path("accuracy").asDouble())
        .thenComparing(r -> -r.path("flops").asDouble()));
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
