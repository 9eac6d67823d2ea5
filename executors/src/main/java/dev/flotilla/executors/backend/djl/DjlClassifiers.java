package dev.flotilla.executors.backend.djl;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import dev.flotilla.executors.backend.ModelFactory;
import dev.flotilla.executors.backend.ModelFamily;
import dev.flotilla.executors.backend.ModelSpec;
import dev.flotilla.executors.backend.TrainableModel;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;

/**
 * Classifiers on PyTorch (libtorch 2.7 through DJL). Run with {@code -Dai.djl.offline=true}:
 * libtorch comes from the bundled pytorch-native-cpu jar, never from the network.
 */
public final class DjlClassifiers implements ModelFactory<ModelSpec, TrainableModel> {

  @Override
  public String backend() {
    return "djl";
  }

  @Override
  public ModelFamily<ModelSpec, TrainableModel> family() {
    return TrainableModel.FAMILY;
  }

  @Override
  public Set<String> kinds() {
    return Set.of(ModelSpec.MLP, ModelSpec.CNN);
  }

  @Override
  public TrainableModel build(ModelSpec spec, long seed, ComputeBudget budget) {
    // DjlModel's constructor initializes the weights from libtorch's generator.
    return TorchRandom.seeded(seed, () -> new DjlModel(spec, newModel(spec, budget), budget));
  }

  @Override
  public TrainableModel restore(ModelSpec spec, InputStream state, ComputeBudget budget)
      throws IOException {
    Model model = newModel(spec, budget);
    // Its initialization draws before the saved weights replace it: under the generator's lock.
    DjlModel restored = TorchRandom.seeded(0, () -> new DjlModel(spec, model, budget));
    try {
      model.getBlock().loadParameters(model.getNDManager(), new DataInputStream(state));
    } catch (ai.djl.MalformedModelException e) {
      restored.close();
      throw new IOException("checkpoint does not match " + spec.label() + ": " + e.getMessage(), e);
    }
    return restored;
  }

  @Override
  public boolean restoresOptimizerState() {
    // DJL exposes no API to save Adam's moments; a resumed attempt restarts them at zero.
    return false;
  }

  private static Model newModel(ModelSpec spec, ComputeBudget budget) {
    Engine engine = TorchThreads.engine();
    TorchThreads.apply(budget); // initializing the weights runs on this thread
    Model model = Model.newInstance(spec.label(), engine.getEngineName());
    model.setBlock(block(spec));
    return model;
  }

  static Block block(ModelSpec spec) {
    SequentialBlock net = new SequentialBlock();
    List<Integer> w = spec.widths();
    switch (spec.kind()) {
      case ModelSpec.MLP -> {
        net.add(Blocks.batchFlattenBlock(spec.inputSize()));
        for (int h : w) {
          net.add(Linear.builder().setUnits(h).build()).add(Activation::relu);
        }
      }
      case ModelSpec.CNN -> {
        int pad = ModelSpec.CNN_KERNEL / 2;
        for (int i = 0; i < w.size() - 1; i++) {
          net.add(Conv2d.builder()
                  .setKernelShape(new Shape(ModelSpec.CNN_KERNEL, ModelSpec.CNN_KERNEL))
                  .optPadding(new Shape(pad, pad))
                  .setFilters(w.get(i))
                  .build())
              .add(Activation::relu)
              .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        net.add(Blocks.batchFlattenBlock())
            .add(Linear.builder().setUnits(w.get(w.size() - 1)).build())
            .add(Activation::relu);
      }
      default -> throw new IllegalArgumentException("djl has no model kind '" + spec.kind() + "'");
    }
    net.add(Linear.builder().setUnits(spec.classes()).build());
    return net;
  }
}
