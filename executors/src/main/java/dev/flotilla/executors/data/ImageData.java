package dev.flotilla.executors.data;

import dev.flotilla.executors.unit.UnitCache;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/**
 * Fashion-MNIST splits (a folder on any Hadoop file system), read once per executor JVM into its cache and shared by the units that
 * run there (the data is immutable; re-reading 26 MB of gzip per unit would dominate short units).
 */
public final class ImageData {

  private ImageData() {}

  public static LabeledImages train(UnitCache cache, String dir, int limit, Configuration conf) throws IOException {
    return get(cache, dir, true, limit, conf);
  }

  public static LabeledImages test(UnitCache cache, String dir, int limit, Configuration conf) throws IOException {
    return get(cache, dir, false, limit, conf);
  }

  private static LabeledImages get(UnitCache cache, String dir, boolean train, int limit, Configuration conf)
      throws IOException {
    String key = "fashion-mnist:" + dir + (train ? "#train" : "#test");
    LabeledImages all = cache.get(key, LabeledImages.class,
        () -> train ? FashionMnist.train(dir, conf) : FashionMnist.test(dir, conf),
        d -> 4L * d.size() * (d.exampleSize() + 1)); // float pixels and int labels
    return limit > 0 && limit < all.size() ? all.head(limit) : all;
  }
}
