package dev.flotilla.executors.lm;

import java.nio.charset.StandardCharsets;

/**
 * Byte-level tokens: the 256 byte values plus two specials. Every text is representable, no
 * vocabulary is learned, and bits per byte are comparable across domains and models.
 */
public final class ByteTokens {

  /** Marks the start of a document in a token stream (so a model sees document boundaries). */
  public static final int DOC = 256;
  /** Reserved for padding; never produced by {@link #encode}. */
  public static final int PAD = 257;
  public static final int VOCAB = 258;

  private ByteTokens() {}

  public static int[] encode(String text) {
    return encode(text.getBytes(StandardCharsets.UTF_8));
  }

  public static int[] encode(byte[] bytes) {
    int[] t = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      t[i] = bytes[i] & 0xFF;
    }
    return t;
  }

  /** The bytes of {@code tokens} (specials skipped) decoded as UTF-8, malformed input replaced. */
  public static String decode(int[] tokens) {
    byte[] b = new byte[tokens.length];
    int n = 0;
    for (int t : tokens) {
      if (t < 0 || t >= VOCAB) {
        throw new IllegalArgumentException("token " + t + " is outside the byte vocabulary [0, " + VOCAB + ")");
      }
      if (isByte(t)) {
        b[n++] = (byte) t;
      }
    }
    return new String(b, 0, n, StandardCharsets.UTF_8);
  }

  public static boolean isByte(int token) {
    return token >= 0 && token < 256;
  }
}
