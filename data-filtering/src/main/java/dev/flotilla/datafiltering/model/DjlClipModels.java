package dev.flotilla.datafiltering.model;

import dev.flotilla.executors.backend.ModelFactory;
import dev.flotilla.executors.backend.ModelFamily;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/** Filtering networks on PyTorch through DJL: the djl backend's {@link DjlClipModel#FAMILY}. */
public final class DjlClipModels implements ModelFactory<ClipSpec, DjlClipModel> {

  @Override
  public String backend() {
    return "djl";
  }

  @Override
  public ModelFamily<ClipSpec, DjlClipModel> family() {
    return DjlClipModel.FAMILY;
  }

  @Override
  public Set<String> kinds() {
    return Set.of(ClipSpec.KIND);
  }

  @Override
  public DjlClipModel build(ClipSpec spec, long seed, ComputeBudget budget) {
    return DjlClipModel.create(spec, seed, budget);
  }

  @Override
  public DjlClipModel restore(ClipSpec spec, InputStream state, ComputeBudget budget) throws IOException {
    return DjlClipModel.restore(spec, state, budget);
  }

  /** Only the weights are saved; a resumed training restarts Adam's moments at zero. */
  @Override
  public boolean restoresOptimizerState() {
    return false;
  }
}
