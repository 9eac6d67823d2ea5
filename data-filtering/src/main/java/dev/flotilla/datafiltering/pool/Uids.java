package dev.flotilla.datafiltering.pool;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** DataComp uids: 32 lowercase hex digits (128 bits), split into two unsigned 64-bit halves. */
public final class Uids {

  private Uids() {}

  /** Whether {@code uid} is 32 lowercase hex digits (every pair read is checked: no regex, no garbage). */
  public static boolean isValid(String uid) {
    if (uid == null || uid.length() != 32) {
      return false;
    }
    for (int i = 0; i < 32; i++) {
      char c = uid.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  public static void check(String uid) {
    if (!isValid(uid)) {
      throw new IllegalArgumentException("uid must be 32 lowercase hex digits, got '" + uid + "'");
    }
  }

  /** The high 64 bits (first 16 hex digits), as DataComp's {@code int(uid[:16], 16)}. */
  public static long high(String uid) {
    return Long.parseUnsignedLong(uid.substring(0, 16), 16);
  }

  /** The low 64 bits (last 16 hex digits). */
  public static long low(String uid) {
    return Long.parseUnsignedLong(uid.substring(16, 32), 16);
  }

  /** A stable uid derived from a name (md5, as DataComp derives uids from URLs and captions). */
  public static String of(String name) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
          .digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has MD5", e);
    }
  }
}
