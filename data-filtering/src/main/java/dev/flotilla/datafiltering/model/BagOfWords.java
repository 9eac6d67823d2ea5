package dev.flotilla.datafiltering.model;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Caption features: lowercase words (runs of letters and digits), each hashed (FNV-1a) into one
 * of {@code buckets}; a caption becomes its L1-normalized bucket counts. No vocabulary to build
 * or ship, and unseen words still land somewhere stable.
 */
public final class BagOfWords {

  private BagOfWords() {}

  public static int bucket(String word, int buckets) {
    int h = 0x811C9DC5;
    for (byte b : word.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x01000193;
    }
    return Math.floorMod(h, buckets);
  }

  /** Features of {@code texts} as a dense row-major {@code texts.size() x buckets} matrix. */
  public static float[] features(List<String> texts, int buckets) {
    float[] out = new float[texts.size() * buckets];
    for (int i = 0; i < texts.size(); i++) {
      String[] words = texts.get(i).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
      int count = 0;
      for (String w : words) {
        if (!w.isEmpty()) {
          out[i * buckets + bucket(w, buckets)] += 1;
          count++;
        }
      }
      for (int j = 0; count > 0 && j < buckets; j++) {
        out[i * buckets + j] /= count;
      }
    }
    return out;
  }
}
