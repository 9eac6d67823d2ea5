package dev.flotilla.executors.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The project's JSON mappers, made in one place so every file Flotilla writes is read back with
 * the same settings. Mappers are thread-safe once built; share them.
 */
public final class Json {

  /**
   * Canonical form: properties and map keys sorted, so equal values give equal bytes (unit specs
   * and the ids hashed from them).
   */
  public static final ObjectMapper CANONICAL = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  /**
   * Files people also read (records, manifests, reports, artifacts): indented, and tolerant of
   * fields added by newer versions so old readers keep working on newer files.
   */
  public static final ObjectMapper FILES = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  /** Jackson's defaults, compact: small machine-read JSON (headers inside binary files, lines). */
  public static final ObjectMapper PLAIN = new ObjectMapper();

  private Json() {}
}
