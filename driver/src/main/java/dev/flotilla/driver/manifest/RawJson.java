package dev.flotilla.driver.manifest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.io.StringWriter;

/**
 * Reads any JSON value as its compact text, the other half of {@code @JsonRawValue}: a manifest
 * field kept as text in memory reads back from the JSON its writer inlined. The tokens are copied
 * straight into the text (no tree per value: a run record holds 10^5-10^6 of them).
 */
final class RawJson extends JsonDeserializer<String> {

  @Override
  public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = RunManifest.JSON.getFactory().createGenerator(text)) {
      g.copyCurrentStructure(p);
    }
    return text.toString();
  }

  @Override
  public String getNullValue(DeserializationContext ctxt) {
    return null;
  }
}
