package dev.flotilla.datafiltering.pool;

import java.util.Objects;

/**
 * One image-text pair of a pool, as in DataComp: a 128-bit hex {@code uid}, the encoded image
 * ({@code png} or {@code jpg}), the caption, and the sample's JSON metadata.
 */
public record PoolSample(String key, String uid, byte[] image, String imageExt, String text, String json) {

  public PoolSample {
    Objects.requireNonNull(key, "key");
    Uids.check(uid);
    if (!"png".equals(imageExt) && !"jpg".equals(imageExt)) {
      throw new IllegalArgumentException("image extension must be png or jpg, got " + imageExt);
    }
  }
}
