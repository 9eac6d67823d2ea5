package dev.flotilla.executors.lm.dl4j;

import dev.flotilla.executors.backend.dl4j.Dl4jBackend;
import dev.flotilla.executors.lm.LanguageModel;
import dev.flotilla.executors.lm.LmBackend;
import dev.flotilla.executors.lm.LmSpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/** LSTM LMs as DL4J MultiLayerNetworks (nd4j-native, OpenBLAS). */
public final class Dl4jLmBackend implements LmBackend {

  @Override
  public String name() {
    return "dl4j";
  }

  @Override
  public Set<String> kinds() {
    return Set.of(LmSpec.LSTM);
  }

  @Override
  public LanguageModel build(LmSpec spec, long seed) {
    Dl4jBackend.applyThreadBudget();
    return Dl4jLstmLm.create(spec, seed);
  }

  @Override
  public LanguageModel restore(LmSpec spec, InputStream state) throws IOException {
    Dl4jBackend.applyThreadBudget();
    return Dl4jLstmLm.restore(spec, state);
  }

  /** ModelSerializer saves the updater: Adam's moments and step count come back. */
  @Override
  public boolean restoresOptimizerState() {
    return true;
  }
}
