package dev.flotilla.executors.lm.dl4j;

import dev.flotilla.executors.backend.dl4j.Nd4jThreads;
import dev.flotilla.executors.export.PortableModel;
import dev.flotilla.executors.export.Tensor;
import dev.flotilla.executors.lm.ByteTokens;
import dev.flotilla.executors.lm.LanguageModel;
import dev.flotilla.executors.lm.LmLayout;
import dev.flotilla.executors.lm.LmSpec;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

/**
 * Byte-level LSTM LM as a DL4J MultiLayerNetwork: an EmbeddingSequenceLayer without bias,
 * {@code layers} LSTMs of {@code dModel} units (tanh, sigmoid gates, no peepholes) and a softmax
 * RnnOutputLayer trained with sparse cross-entropy (labels are token ids, no one-hot arrays).
 * Xavier weights, DL4J's forget-gate bias of 1. Adam; the learning rate is set per step. The
 * LSTM layers run as {@link SequenceLstm} (same parameters, whole-sequence passes); a saved
 * model is a stock DL4J network.
 *
 * <p>Arrays are NCW: inputs and labels {@code [batch, 1, T]} of token ids, outputs
 * {@code [batch, vocab, T]}.
 */
final class Dl4jLstmLm implements LanguageModel {

  /** ln of the smallest normal float: a softmax probability that underflowed to 0 scores this. */
  private static final float LOG_FLOOR = (float) Math.log(Float.MIN_NORMAL);

  private final LmSpec spec;
  private final MultiLayerNetwork net;
  private final ComputeBudget budget;
  private volatile int threads;

  private Dl4jLstmLm(LmSpec spec, MultiLayerNetwork net, ComputeBudget budget) {
    this.spec = spec;
    this.net = net;
    this.budget = budget;
    net.setLayers(SequenceLstm.install(net.getLayers()));
  }

  static Dl4jLstmLm create(LmSpec spec, long seed, ComputeBudget budget) {
    Nd4jThreads.applyProcessWide(budget);
    MultiLayerNetwork net = new MultiLayerNetwork(configuration(spec, seed));
    net.init();
    return new Dl4jLstmLm(spec, net, budget);
  }

  static Dl4jLstmLm restore(LmSpec spec, InputStream in, ComputeBudget budget) throws IOException {
    Nd4jThreads.applyProcessWide(budget);
    // loadUpdater=true: Adam's moments and its step count come back, so a resumed unit
    // continues exactly where it stopped.
    MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(in, true);
    MultiLayerConfiguration expected = configuration(spec, 0);
    boolean sameShape = net.getnLayers() == expected.getConfs().size() && net.numParams() == spec.parameters();
    for (int i = 0; sameShape && i < net.getnLayers(); i++) {
      sameShape = net.getLayerWiseConfigurations().getConf(i).getLayer().getClass()
          == expected.getConf(i).getLayer().getClass();
    }
    if (!sameShape) {
      throw new IOException("saved LSTM (" + net.getnLayers() + " layers, " + net.numParams()
          + " parameters) does not match " + spec.describe() + " (" + spec.parameters() + " parameters)");
    }
    return new Dl4jLstmLm(spec, net, budget);
  }

  /** The stock DL4J network: what is saved, and what any DL4J program can load. */
  static MultiLayerConfiguration configuration(LmSpec spec, long seed) {
    if (!LmSpec.LSTM.equals(spec.kind())) {
      throw new IllegalArgumentException("Dl4jLstmLm builds lstm models, not " + spec.kind());
    }
    int d = spec.dModel();
    NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .updater(new Adam(spec.learningRate()))
        .weightInit(WeightInit.XAVIER)
        .list()
        .layer(new EmbeddingSequenceLayer.Builder().nIn(spec.vocabSize()).nOut(d).hasBias(false)
            .inferInputLength(true).outputDataFormat(RNNFormat.NCW).build());
    for (int l = 0; l < spec.layers(); l++) {
      list.layer(new LSTM.Builder().nIn(d).nOut(d).activation(Activation.TANH)
          .gateActivationFunction(Activation.SIGMOID).dataFormat(RNNFormat.NCW).build());
    }
    return list
        .layer(new RnnOutputLayer.Builder(new LossSparseMCXENT()).nIn(d).nOut(spec.vocabSize())
            .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build())
        .build();
  }

  @Override
  public LmSpec spec() {
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
  public double trainStep(int[][] tokens, double learningRate) {
    int len = checkRows(tokens);
    threads = Nd4jThreads.apply(budget);
    setLearningRate(learningRate);
    net.fit(ids(tokens, 0, len - 1), ids(tokens, 1, len - 1));
    // DL4J's RNN score is the cross-entropy summed over time steps, averaged over the rows.
    return net.score() / (len - 1);
  }

  /**
   * The new rate goes straight into each layer's Adam config, which the updater reads every
   * step. (MultiLayerNetwork.setLearningRate does the same and then rebuilds the whole updater,
   * copying its state: needed only when layers get different rates.)
   */
  private void setLearningRate(double lr) {
    for (Layer layer : net.getLayers()) {
      if (layer.conf().getLayer() instanceof BaseLayer conf) {
        IUpdater updater = conf.getIUpdater();
        if (!(updater instanceof Adam adam)) {
          throw new IllegalStateException("expected Adam in layer " + layer.getIndex() + ", found " + updater);
        }
        adam.setLearningRate(lr);
      }
    }
  }

  @Override
  public float[][] targetLogProbs(int[][] tokens) {
    int len = checkRows(tokens);
    threads = Nd4jThreads.apply(budget);
    int b = tokens.length;
    int t = len - 1;
    float[] p = probabilities(ids(tokens, 0, t));
    int v = spec.vocabSize();
    float[][] out = new float[b][t];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < t; j++) {
        out[i][j] = log(p[(i * v + tokens[i][j + 1]) * t + j]);
      }
    }
    return out;
  }

  @Override
  public float[] nextLogProbs(int[] prefix) {
    if (prefix.length == 0) {
      throw new IllegalArgumentException("empty prefix: start it with ByteTokens.DOC");
    }
    threads = Nd4jThreads.apply(budget);
    int t = Math.min(prefix.length, spec.context());
    int[] window = Arrays.copyOfRange(prefix, prefix.length - t, prefix.length);
    float[] p = probabilities(ids(new int[][] {window}, 0, t));
    float[] out = new float[spec.vocabSize()];
    for (int k = 0; k < out.length; k++) {
      out[k] = log(p[k * t + t - 1]);
    }
    return out;
  }

  /** Softmax outputs {@code [batch, vocab, T]} flattened in c order. */
  private float[] probabilities(INDArray input) {
    return net.output(input, false).dup('c').data().asFloat();
  }

  private static float log(float p) {
    return p > 0 ? (float) Math.log(p) : LOG_FLOOR;
  }

  /** Columns {@code from .. from+t-1} of every row as a {@code [batch, 1, t]} float array of ids. */
  private static INDArray ids(int[][] rows, int from, int t) {
    float[] flat = new float[rows.length * t];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < t; j++) {
        flat[i * t + j] = rows[i][from + j];
      }
    }
    return Nd4j.create(flat, new long[] {rows.length, 1, t}, 'c');
  }

  private int checkRows(int[][] rows) {
    return spec.checkedLength(rows);
  }

  /**
   * PyTorch's {@code nn.Embedding}, {@code nn.LSTM} and {@code nn.Linear} state: DL4J's LSTM
   * holds W (in, 4n), RW (n, 4n) and b (1, 4n) with gate blocks [a | f | o | g] (a the tanh
   * candidate, g the input gate), PyTorch (4n, in) with [i | f | g | o]; its single bias goes
   * to bias_ih, bias_hh is zero.
   */
  @Override
  public PortableModel portable() {
    int d = spec.dModel();
    int v = ByteTokens.VOCAB;
    List<Tensor> t = new ArrayList<>();
    Layer[] layers = net.getLayers();
    t.add(named("embedding.weight", layers[0].getParam("W"), v, d));
    int[] torchOrder = {3, 1, 0, 2}; // i, f, g, o taken from DL4J's blocks a=0, f=1, o=2, g=3
    for (int l = 0; l < spec.layers(); l++) {
      Layer lstm = layers[1 + l];
      t.add(named("lstm.weight_ih_l" + l, gates(lstm.getParam("W"), torchOrder, d).transpose(), 4 * d, d));
      t.add(named("lstm.weight_hh_l" + l, gates(lstm.getParam("RW"), torchOrder, d).transpose(), 4 * d, d));
      t.add(named("lstm.bias_ih_l" + l, gates(lstm.getParam("b"), torchOrder, d), 4 * d));
      t.add(new Tensor("lstm.bias_hh_l" + l, new long[] {4L * d}, new float[4 * d]));
    }
    Layer head = layers[layers.length - 1];
    t.add(named("head.weight", head.getParam("W").transpose(), v, d));
    t.add(named("head.bias", head.getParam("b"), v));
    return LmLayout.of(spec, t);
  }

  /** The gate column blocks of {@code a} (rows, 4n) in the given order. */
  private static INDArray gates(INDArray a, int[] order, int n) {
    INDArray[] blocks = new INDArray[order.length];
    for (int i = 0; i < order.length; i++) {
      blocks[i] = a.get(NDArrayIndex.all(),
          NDArrayIndex.interval((long) order[i] * n, (long) (order[i] + 1) * n));
    }
    return Nd4j.hstack(blocks);
  }

  private static Tensor named(String name, INDArray a, long... shape) {
    return new Tensor(name, shape, a.dup('c').data().asFloat());
  }

  @Override
  public void save(OutputStream out) throws IOException {
    ModelSerializer.writeModel(net, out, true);
  }

  @Override
  public void close() {
    // Buffers are released by nd4j's GC-driven deallocator.
  }
}
