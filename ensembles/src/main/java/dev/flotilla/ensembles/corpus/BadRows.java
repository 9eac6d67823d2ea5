package dev.flotilla.ensembles.corpus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rows of a JSONL or Parquet domain that hold no document, counted per reason with the first
 * place each was seen ({@code file:line} or {@code file:row}), so none is dropped silently.
 */
public final class BadRows {

  /** A JSONL line that is not JSON. */
  public static final String INVALID_JSON = "invalid_json";
  /** A JSONL line that is not an object with the field. */
  public static final String MISSING_FIELD = "missing_field";
  /** The field or column is null or not a string. */
  public static final String NON_STRING = "non_string";

  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final Map<String, String> first = new LinkedHashMap<>();

  public BadRows() {
    for (String r : new String[] {INVALID_JSON, MISSING_FIELD, NON_STRING}) {
      counts.put(r, 0L);
    }
  }

  void add(String reason, String where) {
    counts.merge(reason, 1L, Long::sum);
    first.putIfAbsent(reason, where);
  }

  public long count(String reason) {
    return counts.getOrDefault(reason, 0L);
  }

  public long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Count per reason, every reason listed. */
  public Map<String, Long> counts() {
    return Map.copyOf(counts);
  }

  /** Where each reason was first seen. */
  public Map<String, String> first() {
    return Map.copyOf(first);
  }

  /** One line naming the first bad row, for errors when a domain yields nothing. */
  public String describeFirst() {
    return first.entrySet().stream().map(e -> e.getValue() + ": " + e.getKey().replace('_', ' '))
        .findFirst().orElse("no bad rows");
  }
}
