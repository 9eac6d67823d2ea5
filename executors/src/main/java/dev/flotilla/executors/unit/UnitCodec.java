package dev.flotilla.executors.unit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.executors.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

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

  /** Compiled once: {@code String.replaceAll} compiles its pattern on every call (a third of a 10^6-unit plan). */
  private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9.]+");
  private static final Pattern EDGE_DASH = Pattern.compile("^-|-$");

  static String slug(String name) {
    String s = EDGE_DASH.matcher(NOT_SLUG.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("-"))
        .replaceAll("");
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

  /** One digest per thread: looking the algorithm up per unit showed in plans of 10^6 units. */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  });

  private static byte[] sha256(String text) {
    return SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8)); // digest() also resets it
  }
}
