package dev.flotilla.datafiltering.dfn;

import dev.flotilla.datafiltering.model.CaptionTokenizer;
import dev.flotilla.datafiltering.model.PretrainedClip;
import dev.flotilla.datafiltering.model.TorchScriptClip;
import dev.flotilla.executors.unit.ComputeBudget;
import dev.flotilla.executors.unit.UnitContext;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** A user's TorchScript CLIP: CLIP preprocessing, tokenized captions, cosine similarity. */
final class PretrainedScorer implements PairScorer {

  private final PretrainedClip spec;
  private final TorchScriptClip model;
  private final CaptionTokenizer tokenizer;

  private PretrainedScorer(PretrainedClip spec, TorchScriptClip model, CaptionTokenizer tokenizer) {
    this.spec = spec;
    this.model = model;
    this.tokenizer = tokenizer;
  }

  /** The model (and tokenizer) of this executor JVM, fetched and loaded by the first unit that needs them. */
  static PretrainedScorer of(UnitContext ctx, PretrainedClip spec, ComputeBudget budget) throws IOException {
    return new PretrainedScorer(spec, model(ctx, spec, budget), Tokenizers.of(ctx, spec.tokenizer(), spec.contextLength()));
  }

  /** The model on the device of {@code budget} (one per device and cores in this executor JVM). */
  static TorchScriptClip model(UnitContext ctx, PretrainedClip spec, ComputeBudget budget) throws IOException {
    String key = "torchscript-clip:" + spec.model() + "#" + spec.preprocess().size() + "x" + spec.contextLength()
        + "@" + budget;
    return ctx.cache().get(key, TorchScriptClip.class, () -> TorchScriptClip.load(spec.model(), ctx.hadoopConf(),
        spec.preprocess().size(), spec.contextLength(), budget), TorchScriptClip::bytes);
  }

  @Override
  public int floatsPerImage() {
    return spec.preprocess().floats();
  }

  @Override
  public Optional<String> preprocess(byte[] image, float[] x, int slot, int[] size) {
    return spec.preprocess().apply(image, x, slot, size);
  }

  @Override
  public float[] score(float[] x, List<String> texts) {
    long[] tokens = tokenizer.encode(texts);
    synchronized (model) { // one model per JVM: tasks of this JVM take turns
      return model.scorePairs(x, tokens, texts.size());
    }
  }
}
