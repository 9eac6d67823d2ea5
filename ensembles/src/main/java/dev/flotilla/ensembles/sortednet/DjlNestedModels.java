package dev.flotilla.ensembles.sortednet;

import dev.flotilla.executors.backend.ModelFactory;
import dev.flotilla.executors.backend.ModelFamily;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/** Nested networks on PyTorch through DJL: the djl backend's {@link DjlNestedModel#FAMILY}. */
public final class DjlNestedModels implements ModelFactory<SortedNetSpec, DjlNestedModel> {

  @Override
  public String backend() {
    return "djl";
  }

  @Override
  public ModelFamily<SortedNetSpec, DjlNestedModel> family() {
    return DjlNestedModel.FAMILY;
  }

  @Override
  public Set<String> kinds() {
    return Set.of(SortedNetSpec.MLP, SortedNetSpec.CNN);
  }

  @Override
  public DjlNestedModel build(SortedNetSpec spec, long seed, ComputeBudget budget) {
    return DjlNestedModel.create(spec, seed, budget);
  }

  @Override
  public DjlNestedModel restore(SortedNetSpec spec, InputStream state, ComputeBudget budget)
      throws IOException {
    return DjlNestedModel.restore(spec, state, budget);
  }

  /** Only the weights are saved; a resumed training restarts Adam's moments at zero. */
  @Override
  public boolean restoresOptimizerState() {
    return false;
  }
}
