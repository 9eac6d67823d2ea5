package dev.flotilla.datafiltering.dfn;

import dev.flotilla.datafiltering.model.DjlClipModel;
import dev.flotilla.datafiltering.model.ImagePreprocessing;
import dev.flotilla.datafiltering.pool.SkipCounts;
import java.util.List;
import java.util.Optional;

/** The filtering network the job trains: 28x28 gray images, bag-of-words captions. */
final class TrainedScorer implements PairScorer {

  private final DjlClipModel model;

  TrainedScorer(DjlClipModel model) {
    this.model = model;
  }

  @Override
  public int floatsPerImage() {
    return 784;
  }

  @Override
  public Optional<String> preprocess(byte[] image, float[] x, int slot, int[] size) {
    return ImagePreprocessing.decode(image, x, slot, size) ? Optional.empty() : Optional.of(SkipCounts.CORRUPT_IMAGE);
  }

  @Override
  public float[] score(float[] x, List<String> texts) {
    synchronized (model) { // one model per JVM, not thread-safe: tasks of this JVM take turns
      return model.scorePairs(x, texts);
    }
  }
}
