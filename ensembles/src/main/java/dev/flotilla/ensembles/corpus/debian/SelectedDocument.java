package dev.flotilla.ensembles.corpus.debian;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A document kept for a domain, with its selection key: {@code sha256(seed NUL domain NUL text)}
 * in hex. Documents are taken and numbered in key order, and the key's first 8 hex digits place
 * a document in the difficulty measure's held-out fifth.
 */
public record SelectedDocument(String key, String source, byte[] text) {

  /** The seed of the corpus format, as the files have always been selected with it. */
  public static final String SEED = "flotilla-corpus-v1";

  static SelectedDocument of(String domain, String source, byte[] text) {
    MessageDigest sha = sha256();
    sha.update((SEED + "\0" + domain + "\0").getBytes(StandardCharsets.UTF_8));
    sha.update(text);
    return new SelectedDocument(HexFormat.of().formatHex(sha.digest()), source, text);
  }

  /** One in five documents is held out of the difficulty model's training text. */
  public boolean heldOut() {
    return Long.parseLong(key.substring(0, 8), 16) % 5 == 0;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
