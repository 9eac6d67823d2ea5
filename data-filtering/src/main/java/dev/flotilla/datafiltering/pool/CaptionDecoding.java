package dev.flotilla.datafiltering.pool;

import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a pool reader does with a caption that is not valid UTF-8 (a Latin-1 or cp1252 caption
 * from a crawl): {@link #REPLACE} keeps the pair with U+FFFD for the bad bytes, {@link #SKIP}
 * drops the pair. Either way the caption is counted as {@link SkipCounts#INVALID_UTF8}, so a pool
 * with broken encodings is never scored silently.
 */
public enum CaptionDecoding {
  REPLACE,
  SKIP;

  /** The name used in configs and unit JSON ({@code replace}, {@code skip}). */
  @JsonValue
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A policy by its config name; the message names the accepted ones. */
  public static CaptionDecoding parse(String name) {
    for (CaptionDecoding d : values()) {
      if (d.configName().equals(name.toLowerCase(Locale.ROOT))) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown invalid-UTF-8 policy '" + name + "'; known: "
        + Arrays.stream(values()).map(CaptionDecoding::configName).toList());
  }

  /**
   * The caption in {@code bytes}; an invalid one is counted in {@code counts} and returned with
   * replacement characters ({@code replace}) or as null ({@code skip}: drop the pair).
   */
  public String decode(byte[] bytes, SkipCounts counts) {
    // A decoder per call: decoders keep state and are not thread-safe; captions are short.
    CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return strict.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      counts.add(SkipCounts.INVALID_UTF8);
      return this == SKIP ? null : new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /**
   * Keeps a JSON spec without this field when it holds the default, so adding the field left
   * the ids of existing units (hashed from their JSON) unchanged.
   */
  public static final class DefaultFilter {
    @Override
    public boolean equals(Object value) {
      return value == null || value == REPLACE;
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }
}
