package dev.flotilla.executors.lm.djl;

import dev.flotilla.executors.backend.ModelFactory;
import dev.flotilla.executors.backend.ModelFamily;
import dev.flotilla.executors.lm.LanguageModel;
import dev.flotilla.executors.lm.LmSpec;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/** Transformer LMs on PyTorch 2.7 through DJL. */
public final class DjlLanguageModels implements ModelFactory<LmSpec, LanguageModel> {

  @Override
  public String backend() {
    return "djl";
  }

  @Override
  public ModelFamily<LmSpec, LanguageModel> family() {
    return LanguageModel.FAMILY;
  }

  @Override
  public Set<String> kinds() {
    return Set.of(LmSpec.TRANSFORMER);
  }

  @Override
  public LanguageModel build(LmSpec spec, long seed, ComputeBudget budget) {
    return DjlTransformerLm.create(spec, seed, budget);
  }

  @Override
  public LanguageModel restore(LmSpec spec, InputStream state, ComputeBudget budget) throws IOException {
    return DjlTransformerLm.restore(spec, state, budget);
  }

  /** DJL has no API to save Adam's moments; a restored model restarts them at zero. */
  @Override
  public boolean restoresOptimizerState() {
    return false;
  }
}
