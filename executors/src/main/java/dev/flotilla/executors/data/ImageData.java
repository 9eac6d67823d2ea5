package dev.flotilla.executors.data;

import dev.flotilla.executors.unit.UnitCache;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Fashion-MNIST splits, read once per executor JVM into its cache and shared by the units that
 * run there (the data is immutable; re-reading 26 MB of gzip per unit would dominate short units).
 */
public final class ImageData {

  private ImageData() {}

  public static LabeledImages train(UnitCache cache, String dir, int limit) throws IOException {
    return get(cache, dir, true, limit);
  }

  public static LabeledImages test(UnitCache cache, String dir, int limit) throws IOException {
    return get(cache, dir, false, limit);
  }

  private static LabeledImages get(UnitCache cache, String dir, boolean train, int limit) throws IOException {
    String key = "fashion-mnist:" + dir + (train ? "#train" : "#test");
    LabeledImages all = cache.get(key, LabeledImages.class,
        () -> train ? FashionMnist.train(Path.of(dir)) : FashionMnist.test(Path.of(dir)),
        d -> 4L * d.size() * (d.exampleSize() + 1)); // float pixels and int labels
    return limit > 0 && limit < all.size() ? all.head(limit) : all;
  }
}
