package dev.flotilla.executors.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fashion-MNIST splits, read once per executor JVM and shared by the units that run there
 * (the data is immutable; re-reading 26 MB of gzip per unit would dominate short units).
 */
public final class ImageData {

  private static final Map<String, LabeledImages> CACHE = new ConcurrentHashMap<>();

  private ImageData() {}

  public static LabeledImages train(String dir, int limit) throws IOException {
    return get(dir, true, limit);
  }

  public static LabeledImages test(String dir, int limit) throws IOException {
    return get(dir, false, limit);
  }

  private static LabeledImages get(String dir, boolean train, int limit) throws IOException {
    String key = dir + (train ? "#train" : "#test");
    LabeledImages all = CACHE.get(key);
    if (all == null) {
      synchronized (ImageData.class) {
        all = CACHE.get(key);
        if (all == null) {
          all = train ? FashionMnist.train(Path.of(dir)) : FashionMnist.test(Path.of(dir));
          CACHE.put(key, all);
        }
      }
    }
    return limit > 0 && limit < all.size() ? all.head(limit) : all;
  }
}
