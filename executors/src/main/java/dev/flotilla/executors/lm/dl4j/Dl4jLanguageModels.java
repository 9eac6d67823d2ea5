package dev.flotilla.executors.lm.dl4j;

import dev.flotilla.executors.backend.ModelFactory;
import dev.flotilla.executors.backend.ModelFamily;
import dev.flotilla.executors.lm.LanguageModel;
import dev.flotilla.executors.lm.LmSpec;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/** LSTM LMs as DL4J MultiLayerNetworks (nd4j-native, OpenBLAS). */
public final class Dl4jLanguageModels implements ModelFactory<LmSpec, LanguageModel> {

  @Override
  public String backend() {
    return "dl4j";
  }

  @Override
  public ModelFamily<LmSpec, LanguageModel> family() {
    return LanguageModel.FAMILY;
  }

  @Override
  public Set<String> kinds() {
    return Set.of(LmSpec.LSTM);
  }

  @Override
  public LanguageModel build(LmSpec spec, long seed, ComputeBudget budget) {
    return Dl4jLstmLm.create(spec, seed, budget);
  }

  @Override
  public LanguageModel restore(LmSpec spec, InputStream state, ComputeBudget budget) throws IOException {
    return Dl4jLstmLm.restore(spec, state, budget);
  }

  /** ModelSerializer saves the updater: Adam's moments and step count come back. */
  @Override
  public boolean restoresOptimizerState() {
    return true;
  }
}
