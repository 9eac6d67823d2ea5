package dev.flotilla.executors.unit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps a unit's typed result record to the flat metrics (numbers) and facts (strings) of
 * {@link UnitOutput}, and back. Component names become snake_case keys ({@code trainFlops} ->
 * {@code train_flops}); a map component {@code bpbTest} of {@code {c: 1.2}} becomes the key
 * {@code bpb_test.c}. Booleans are metrics 1/0; nulls are left out. Flat keys keep
 * {@code _UNIT.json} and the manifest readable by people and by runs written before typed results.
 */
final class UnitResults {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private UnitResults() {}

  static void write(Record result, UnitOutput.Builder out) {
    JsonNode tree = MAPPER.valueToTree(result);
    for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      put(f.getKey(), f.getValue(), out, result);
    }
  }

  private static void put(String key, JsonNode v, UnitOutput.Builder out, Record result) {
    if (v.isNull() || v.isMissingNode()) {
      return;
    }
    if (v.isNumber()) {
      out.metric(key, v.asDouble());
    } else if (v.isBoolean()) {
      out.metric(key, v.asBoolean() ? 1 : 0);
    } else if (v.isTextual()) {
      out.fact(key, v.asText());
    } else if (v.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getValue().isContainerNode()) {
          throw new IllegalArgumentException(result.getClass().getSimpleName() + "." + key
              + ": only one level of maps fits in flat metrics and facts");
        }
        put(key + "." + f.getKey(), f.getValue(), out, result);
      }
    } else {
      throw new IllegalArgumentException(result.getClass().getSimpleName() + "." + key
          + ": a unit result holds numbers, booleans, strings and maps of them, not " + v.getNodeType()
          + " (large outputs belong in files)");
    }
  }

  static <R extends Record> R read(Map<String, Double> metrics, Map<String, String> facts,
      Class<R> type, String unitId) {
    ObjectNode tree = MAPPER.createObjectNode();
    Map<String, Object> flat = new LinkedHashMap<>(metrics);
    flat.putAll(facts);
    flat.forEach((key, value) -> {
      int dot = key.indexOf('.');
      ObjectNode target = tree;
      String name = key;
      if (dot > 0) {
        JsonNode sub = tree.get(key.substring(0, dot));
        target = sub instanceof ObjectNode o ? o : tree.putObject(key.substring(0, dot));
        name = key.substring(dot + 1);
      }
      if (value instanceof Double d) {
        // Whole numbers as integers, so int, long and boolean components read them back.
        if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
          target.put(name, d.longValue());
        } else {
          target.put(name, d);
        }
      } else {
        target.put(name, (String) value);
      }
    });
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (Exception e) {
      throw new IllegalStateException("unit " + unitId + ": its metrics and facts do not read as "
          + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
