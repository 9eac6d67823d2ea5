package dev.flotilla.jobs.config;

import dev.flotilla.executors.data.FashionMnist;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A job's {@code <section>.data} keys for Fashion-MNIST: the folder of the four IDX .gz files and
 * how many training / test examples to use (0 = all). The training split's size is read from its
 * IDX header when the config is read, so a missing dataset fails before anything runs, naming
 * the key. Immutable.
 *
 * @param trainAvailable training examples in the folder
 */
public record FashionMnistData(String dir, int trainLimit, int testLimit, int trainAvailable) {

  /** Reads {@code <section>.data.dir}, {@code .train-limit} and {@code .test-limit}. */
  public static FashionMnistData read(ConfigReader c, String section) {
    String dirKey = section + ".data.dir";
    String dir = c.nonBlank(dirKey);
    int trainLimit = c.intAtLeast(section + ".data.train-limit", 0);
    int testLimit = c.intAtLeast(section + ".data.test-limit", 0);
    int available;
    try {
      available = FashionMnist.trainSize(Path.of(dir));
    } catch (IOException e) {
      throw c.error(dirKey, e.getMessage());
    }
    return new FashionMnistData(dir, trainLimit, testLimit, available);
  }

  /** Training examples a unit uses: the limit, or all there are. */
  public int trainExamples() {
    return trainLimit > 0 ? Math.min(trainLimit, trainAvailable) : trainAvailable;
  }

  /** Optimizer steps of {@code epochs} passes over {@link #trainExamples()} at {@code batchSize}. */
  public long steps(double epochs, int batchSize) {
    return Math.max(1, (long) Math.ceil(epochs * trainExamples() / batchSize));
  }
}
