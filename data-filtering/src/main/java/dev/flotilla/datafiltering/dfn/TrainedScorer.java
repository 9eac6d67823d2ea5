package dev.flotilla.datafiltering.dfn;

import dev.flotilla.datafiltering.model.CaptionTokenizer;
import dev.flotilla.datafiltering.model.ClipPreprocessing;
import dev.flotilla.datafiltering.model.DjlClipModel;
import java.util.List;
import java.util.Optional;

/** The filtering network the job trains: CLIP preprocessing to its image size, its tokenizer, cosine similarity. */
final class TrainedScorer implements PairScorer {

  private final DjlClipModel model;
  private final ClipPreprocessing preprocessing;
  private final CaptionTokenizer tokenizer;

  TrainedScorer(DjlClipModel model, CaptionTokenizer tokenizer) {
    this.model = model;
    this.preprocessing = model.spec().preprocessing();
    this.tokenizer = tokenizer;
  }

  @Override
  public int floatsPerImage() {
    return preprocessing.floats();
  }

  @Override
  public Optional<String> preprocess(byte[] image, float[] x, int slot, int[] size) {
    return preprocessing.apply(image, x, slot, size);
  }

  @Override
  public float[] score(float[] x, List<String> texts) {
    long[] tokens = tokenizer.encode(texts);
    synchronized (model) { // one model per JVM, not thread-safe: tasks of this JVM take turns
      return model.scorePairs(x, tokens, texts.size());
    }
  }
}
