package dev.flotilla.executors.backend.dl4j;

import dev.flotilla.executors.backend.ModelSpec;
import dev.flotilla.executors.backend.ClassifierLayout;
import dev.flotilla.executors.backend.TrainableModel;
import dev.flotilla.executors.export.PortableModel;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

final class Dl4jModel implements TrainableModel {

  private final ModelSpec spec;
  private final MultiLayerNetwork net;
  private final ComputeBudget budget;
  private volatile int threads;

  Dl4jModel(ModelSpec spec, MultiLayerNetwork net, ComputeBudget budget) {
    this.spec = spec;
    this.net = net;
    this.budget = budget;
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public long parameterCount() {
    return net.numParams();
  }

  @Override
  public int threads() {
    return threads;
  }

  @Override
  public double trainStep(float[] x, int[] y, int n) {
    threads = Nd4jThreads.apply(budget);
    INDArray features = features(x, n);
    INDArray labels = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, spec.classes());
    for (int i = 0; i < n; i++) {
      labels.putScalar(i, y[i], 1f);
    }
    net.fit(features, labels);
    return net.score();
  }

  @Override
  public float[] probabilities(float[] x, int n) {
    threads = Nd4jThreads.apply(budget);
    return net.output(features(x, n), false).reshape(new long[] {(long) n * spec.classes()}).toFloatVector();
  }

  private INDArray features(float[] x, int n) {
    int d = spec.inputSize();
    float[] data = x.length == (long) n * d ? x : Arrays.copyOf(x, n * d);
    return Nd4j.create(data, new long[] {n, d}, 'c');
  }

  /**
   * Parameters in layer order in PyTorch's layouts: conv W is already (out, in, k, k); dense and
   * output W are DL4J's (in, out), transposed; biases (1, out) flattened. DL4J flattens a conv
   * map channel-major (c order of NCHW), as PyTorch does.
   */
  @Override
  public PortableModel portable() {
    List<float[]> arrays = new ArrayList<>();
    for (Layer layer : net.getLayers()) {
      Map<String, INDArray> params = layer.paramTable();
      if (params.isEmpty()) {
        continue; // pooling
      }
      INDArray w = params.get("W");
      arrays.add((w.rank() == 2 ? w.transpose() : w).dup('c').data().asFloat());
      arrays.add(params.get("b").dup('c').data().asFloat());
    }
    return ClassifierLayout.of(spec, arrays);
  }

  @Override
  public void save(OutputStream out) throws IOException {
    StableZip.write(buffer -> ModelSerializer.writeModel(net, buffer, true), out);
  }

  @Override
  public void close() {
    // Workspaces and buffers are released by nd4j's GC-driven deallocator.
  }
}
