package dev.flotilla.jobs.config;

import dev.flotilla.executors.data.FashionMnist;
import dev.flotilla.executors.data.ValidSplit;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A job's {@code <section>.data} keys for Fashion-MNIST: the folder of the four IDX .gz files, how
 * many training / test examples to use (0 = all), and the validation split carved from the
 * training examples ({@code valid-fraction} of them, rounded, chosen by {@code valid-seed}; 0 =
 * none). The
 * training split's size is read from its IDX header when the config is read, so a missing
 * dataset fails before anything runs, naming the key. Immutable.
 *
 * @param trainAvailable training examples in the folder
 */
public record FashionMnistData(String dir, int trainLimit, int testLimit, int validSize,
    long validSeed, int trainAvailable) {

  /** Reads {@code <section>.data.dir}, {@code .train-limit}, {@code .test-limit}, {@code .valid-fraction}, {@code .valid-seed}. */
  public static FashionMnistData read(ConfigReader c, String section) {
    String dirKey = section + ".data.dir";
    String dir = c.nonBlank(dirKey);
    int trainLimit = c.intAtLeast(section + ".data.train-limit", 0);
    int testLimit = c.intAtLeast(section + ".data.test-limit", 0);
    String validKey = section + ".data.valid-fraction";
    double validFraction = c.doubleIn(validKey, 0, 1);
    long validSeed = c.longAtLeast(section + ".data.valid-seed", Long.MIN_VALUE);
    int available;
    try {
      available = FashionMnist.trainSize(dir, PlanTimeHadoop.of(c.config()));
    } catch (IOException e) {
      throw c.error(dirKey, e.getMessage());
    }
    int pool = trainLimit > 0 ? Math.min(trainLimit, available) : available;
    int validSize = (int) Math.round(validFraction * pool);
    if (validFraction > 0 && validSize == 0) {
      throw c.error(validKey, "is less than one of the " + pool + " training examples");
    }
    FashionMnistData data = new FashionMnistData(dir, trainLimit, testLimit, validSize, validSeed, available);
    if (validSize >= data.poolExamples()) {
      throw c.error(validKey, "leaves none of the " + data.poolExamples()
          + " training examples to train on (" + section + ".data.train-limit)");
    }
    return data;
  }

  /** Training examples before the validation split: the limit, or all there are. */
  public int poolExamples() {
    return trainLimit > 0 ? Math.min(trainLimit, trainAvailable) : trainAvailable;
  }

  /** Training examples a unit trains on: the pool without the validation split. */
  public int trainExamples() {
    return poolExamples() - validSize;
  }

  /** The validation split, or null when {@code valid-size} is 0. */
  public ValidSplit valid() {
    return validSize > 0 ? new ValidSplit(validSize, validSeed) : null;
  }

  /** Optimizer steps of {@code epochs} passes over {@link #trainExamples()} at {@code batchSize}. */
  public long steps(double epochs, int batchSize) {
    return Math.max(1, (long) Math.ceil(epochs * trainExamples() / batchSize));
  }
}
