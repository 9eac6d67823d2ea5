package dev.flotilla.executors.data;

import dev.flotilla.executors.Seeds;
import dev.flotilla.executors.unit.UnitCache;
import java.io.IOException;
import java.util.Arrays;

/**
 * A validation split carved from the training examples: {@code size} examples chosen by a
 * permutation seeded with {@code seed}; the rest stay for training, in their original order.
 * Selection, ranking and early stopping read the valid part; the test split only reports.
 * Immutable; the split is a pure function of (training examples, size, seed).
 */
public record ValidSplit(int size, long seed) {

  public ValidSplit {
    if (size < 1) {
      throw new IllegalArgumentException("a validation split needs at least 1 example, got " + size);
    }
  }

  /** The training examples without the valid ones, and the valid ones. */
  public record Parts(LabeledImages train, LabeledImages valid) {}

  /** Splits {@code pool}; fails when nothing would be left to train on. */
  public Parts apply(LabeledImages pool) {
    if (size >= pool.size()) {
      throw new IllegalArgumentException("validation split of " + size + " examples leaves nothing"
          + " of the " + pool.size() + " training examples to train on");
    }
    int[] order = pool.permutation(Seeds.mix(seed, pool.size()));
    int[] valid = Arrays.copyOf(order, size);
    Arrays.sort(valid);
    boolean[] isValid = new boolean[pool.size()];
    for (int i : valid) {
      isValid[i] = true;
    }
    int[] train = new int[pool.size() - size];
    for (int i = 0, k = 0; i < pool.size(); i++) {
      if (!isValid[i]) {
        train[k++] = i;
      }
    }
    return new Parts(pool.subset(train), pool.subset(valid));
  }

  /**
   * The split of Fashion-MNIST's first {@code trainLimit} training examples (0 = all), cached in
   * the executor's cache so the units of one JVM share it.
   */
  public Parts of(UnitCache cache, String dir, int trainLimit, org.apache.hadoop.conf.Configuration conf)
      throws IOException {
    LabeledImages pool = ImageData.train(cache, dir, trainLimit, conf);
    String key = "fashion-mnist:" + dir + "#train-valid:" + trainLimit + ":" + size + ":" + seed;
    return cache.get(key, Parts.class, () -> apply(pool),
        p -> 4L * (p.train().size() + p.valid().size()) * (pool.exampleSize() + 1));
  }
}
