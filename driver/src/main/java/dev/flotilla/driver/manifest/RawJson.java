package dev.flotilla.driver.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Reads any JSON value as its compact text, the other half of {@code @JsonRawValue}: a manifest
 * field kept as text in memory reads back from the JSON its writer inlined.
 */
final class RawJson extends JsonDeserializer<String> {

  static final ObjectMapper MAPPER = new ObjectMapper();

  @Override
  public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    JsonNode tree = p.readValueAsTree();
    return tree == null || tree.isNull() ? null : MAPPER.writeValueAsString(tree);
  }

  @Override
  public String getNullValue(DeserializationContext ctxt) {
    return null;
  }
}
