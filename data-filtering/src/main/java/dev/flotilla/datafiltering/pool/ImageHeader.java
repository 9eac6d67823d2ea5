package dev.flotilla.datafiltering.pool;

import java.util.Optional;

/**
 * Format and size of an encoded image, read from its header alone (PNG's IHDR chunk, JPEG's
 * start-of-frame marker), without decoding pixels.
 */
public record ImageHeader(String extension, int width, int height) {

  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /** The header of {@code bytes}, or empty if they are neither a PNG nor a JPEG header. */
  public static Optional<ImageHeader> read(byte[] bytes) {
    if (bytes == null) {
      return Optional.empty();
    }
    if (startsWith(bytes, PNG_MAGIC)) {
      if (bytes.length < 24 || bytes[12] != 'I' || bytes[13] != 'H' || bytes[14] != 'D' || bytes[15] != 'R') {
        return Optional.empty();
      }
      return Optional.of(new ImageHeader("png", int32(bytes, 16), int32(bytes, 20)));
    }
    if (bytes.length > 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8) {
      return jpeg(bytes);
    }
    return Optional.empty();
  }

  private static Optional<ImageHeader> jpeg(byte[] b) {
    int i = 2;
    while (i + 3 < b.length) {
      if ((b[i] & 0xff) != 0xff) {
        return Optional.empty();
      }
      int marker = b[i + 1] & 0xff;
      if (marker == 0xff) {
        i++; // fill byte
        continue;
      }
      if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        i += 2; // markers without a length
        continue;
      }
      int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
      boolean startOfFrame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
      if (startOfFrame) {
        if (i + 8 >= b.length) {
          return Optional.empty();
        }
        int height = ((b[i + 5] & 0xff) << 8) | (b[i + 6] & 0xff);
        int width = ((b[i + 7] & 0xff) << 8) | (b[i + 8] & 0xff);
        return Optional.of(new ImageHeader("jpg", width, height));
      }
      if (length < 2) {
        return Optional.empty();
      }
      i += 2 + length;
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int int32(byte[] b, int at) {
    return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
  }
}
