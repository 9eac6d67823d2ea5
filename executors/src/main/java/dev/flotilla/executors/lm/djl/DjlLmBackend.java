package dev.flotilla.executors.lm.djl;

import dev.flotilla.executors.lm.LanguageModel;
import dev.flotilla.executors.lm.LmBackend;
import dev.flotilla.executors.lm.LmSpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/** Transformer LMs on PyTorch 2.7 through DJL. */
public final class DjlLmBackend implements LmBackend {

  @Override
  public String name() {
    return "djl";
  }

  @Override
  public Set<String> kinds() {
    return Set.of(LmSpec.TRANSFORMER);
  }

  @Override
  public LanguageModel build(LmSpec spec, long seed) {
    return DjlTransformerLm.create(spec, seed);
  }

  @Override
  public LanguageModel restore(LmSpec spec, InputStream state) throws IOException {
    return DjlTransformerLm.restore(spec, state);
  }

  /** DJL has no API to save Adam's moments; a restored model restarts them at zero. */
  @Override
  public boolean restoresOptimizerState() {
    return false;
  }
}
