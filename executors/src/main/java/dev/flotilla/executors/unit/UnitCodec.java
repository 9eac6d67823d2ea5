package dev.flotilla.executors.unit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.executors.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * JSON form of unit specs and the ids derived from it.
 *
 * <p>The id is {@code <name>-<first 10 hex of sha256(kind + canonical spec json)>}: stable across
 * reruns and JVMs (properties sorted), readable in a directory listing, and different whenever
 * anything that changes the output changes.
 */
public final class UnitCodec {

  /** Canonical mapper: sorted properties and map keys, so equal specs give equal bytes. */
  public static final ObjectMapper JSON = Json.CANONICAL;

  private UnitCodec() {}

  public static String toJson(WorkUnit unit) {
    try {
      return JSON.writeValueAsString(unit);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("unit " + unit.name() + " is not serializable as JSON", e);
    }
  }

  public static WorkUnit fromJson(String kind, String json) {
    Class<? extends WorkUnit> type = UnitKinds.classOf(kind);
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot read a '" + kind + "' unit from " + json, e);
    }
  }

  public static String idOf(WorkUnit unit) {
    String digest = sha256Hex(unit.kind() + "\n" + toJson(unit)).substring(0, 10);
    return slug(unit.name()) + "-" + digest;
  }

  static String slug(String name) {
    String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-|-$", "");
    if (s.isEmpty()) {
      s = "unit";
    }
    return s.length() > 48 ? s.substring(0, 48) : s;
  }

  /** Seed for a unit: the run seed mixed with its id, so every unit draws its own stream. */
  public static long seedOf(long runSeed, String unitId) {
    byte[] h = sha256(runSeed + "/" + unitId);
    long seed = 0;
    for (int i = 0; i < 8; i++) {
      seed = (seed << 8) | (h[i] & 0xff);
    }
    return seed;
  }

  private static String sha256Hex(String text) {
    return HexFormat.of().formatHex(sha256(text));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
