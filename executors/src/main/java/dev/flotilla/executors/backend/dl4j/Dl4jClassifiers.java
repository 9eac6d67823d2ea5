package dev.flotilla.executors.backend.dl4j;

import dev.flotilla.executors.backend.ModelFactory;
import dev.flotilla.executors.backend.ModelFamily;
import dev.flotilla.executors.backend.ModelSpec;
import dev.flotilla.executors.backend.TrainableModel;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Classifiers on Deeplearning4j (nd4j-native, OpenBLAS): MultiLayerNetworks for mlp and cnn. */
public final class Dl4jClassifiers implements ModelFactory<ModelSpec, TrainableModel> {

  @Override
  public String backend() {
    return "dl4j";
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
    Nd4jThreads.applyProcessWide(budget);
    MultiLayerNetwork net = new MultiLayerNetwork(configuration(spec, seed));
    net.init();
    return new Dl4jModel(spec, net, budget);
  }

  @Override
  public TrainableModel restore(ModelSpec spec, InputStream state, ComputeBudget budget)
      throws IOException {
    Nd4jThreads.applyProcessWide(budget);
    // loadUpdater=true: Adam's moments come back too, so a resumed run continues exactly.
    return new Dl4jModel(spec, ModelSerializer.restoreMultiLayerNetwork(state, true), budget);
  }

  @Override
  public boolean restoresOptimizerState() {
    return true;
  }

  static MultiLayerConfiguration configuration(ModelSpec spec, long seed) {
    NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .updater(new Adam(spec.learningRate()))
        .weightInit(WeightInit.XAVIER)
        .list();
    List<Integer> w = spec.widths();
    switch (spec.kind()) {
      case ModelSpec.MLP -> {
        for (int h : w) {
          list.layer(new DenseLayer.Builder().nOut(h).activation(Activation.RELU).build());
        }
        list.setInputType(InputType.feedForward(spec.inputSize()));
      }
      case ModelSpec.CNN -> {
        for (int i = 0; i < w.size() - 1; i++) {
          list.layer(new ConvolutionLayer.Builder(ModelSpec.CNN_KERNEL, ModelSpec.CNN_KERNEL)
              .nOut(w.get(i)).convolutionMode(ConvolutionMode.Same)
              .activation(Activation.RELU).build());
          list.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
              .kernelSize(2, 2).stride(2, 2).build());
        }
        list.layer(new DenseLayer.Builder().nOut(w.get(w.size() - 1)).activation(Activation.RELU).build());
        list.setInputType(InputType.convolutionalFlat(spec.height(), spec.width(), spec.channels()));
      }
      default -> throw new IllegalArgumentException("dl4j has no model kind '" + spec.kind() + "'");
    }
    list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
        .nOut(spec.classes()).activation(Activation.SOFTMAX).build());
    return list.build();
  }
}
