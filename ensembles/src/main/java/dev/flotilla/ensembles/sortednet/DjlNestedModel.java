package dev.flotilla.ensembles.sortednet;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import dev.flotilla.executors.backend.ModelFamily;
import dev.flotilla.executors.backend.NonFiniteGradientException;
import dev.flotilla.executors.backend.djl.DjlUpdates;
import dev.flotilla.executors.backend.djl.TorchArrays;
import dev.flotilla.executors.backend.djl.TorchRandom;
import dev.flotilla.executors.backend.djl.TorchThreads;
import dev.flotilla.executors.backend.djl.WeightViews;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SortedNetSpec} on PyTorch through DJL. One set of weights; a sub-network's forward pass
 * slices the first k rows/columns of each weight (views, so autograd sends gradient only to the
 * sliced part). Not thread-safe; close it to free native memory.
 *
 * <p>Weights: block b has {@code w<b>} of shape (width, in_b) for the mlp or (width, in_b, 3, 3) for
 * the cnn, and {@code b<b>} (width); the head has {@code head_w} (classes, width), {@code head_b}.
 * Built and restored through {@link dev.flotilla.executors.backend.Backends} ({@link #FAMILY}).
 */
public final class DjlNestedModel implements AutoCloseable {

  /** Nested networks: what {@link dev.flotilla.executors.backend.Backends} builds from a {@link SortedNetSpec}. */
  public static final ModelFamily<SortedNetSpec, DjlNestedModel> FAMILY =
      new ModelFamily<>("nested-net", SortedNetSpec.class, DjlNestedModel.class);

  private static final Logger LOG = LoggerFactory.getLogger(DjlNestedModel.class);

  private final SortedNetSpec spec;
  private final ComputeBudget budget;
  private volatile int threads;
  private final NDManager manager;
  private final Map<String, NDArray> params = new LinkedHashMap<>();
  private final Optimizer optimizer;
  private float learningRate;
  private int recomputedSteps;

  private DjlNestedModel(SortedNetSpec spec, ComputeBudget budget) {
    this.spec = spec;
    this.budget = budget;
    Engine engine = TorchThreads.engine(); // loads libtorch before any JniUtils call
    TorchThreads.apply(budget); // initializing the weights runs on this thread
    this.manager = NDManager.newBaseManager(engine.defaultDevice(), "PyTorch");
    this.learningRate = (float) spec.learningRate();
    // The tracker reads the current rate, so warm-ups can change it between steps.
    this.optimizer = Optimizer.adam().optLearningRateTracker(new ai.djl.training.tracker.Tracker() {
      @Override
      public float getNewValue(int numUpdate) {
        return learningRate;
      }
    }).build();
  }

  /** Xavier-uniform weights, zero biases; same seed, same weights (drawn under {@link TorchRandom}). */
  static DjlNestedModel create(SortedNetSpec spec, long seed, ComputeBudget budget) {
    return TorchRandom.seeded(seed, () -> initialized(spec, budget));
  }

  private static DjlNestedModel initialized(SortedNetSpec spec, ComputeBudget budget) {
    DjlNestedModel m = new DjlNestedModel(spec, budget);
    int in = SortedNetSpec.MLP.equals(spec.kind()) ? spec.inputSize() : spec.channels();
    for (int b = 0; b < spec.depth(); b++) {
      Shape shape = SortedNetSpec.MLP.equals(spec.kind())
          ? new Shape(spec.width(), in) : new Shape(spec.width(), in, 3, 3);
      long fanIn = shape.size() / spec.width();
      long fanOut = SortedNetSpec.MLP.equals(spec.kind()) ? spec.width() : spec.width() * 9L;
      m.add("w" + b, xavier(m.manager, shape, fanIn, fanOut));
      m.add("b" + b, m.manager.zeros(new Shape(spec.width())));
      in = spec.width();
    }
    long headIn = (long) spec.width() * spec.headInputsPerUnit();
    m.add("head_w", xavier(m.manager, new Shape(spec.classes(), headIn), headIn, spec.classes()));
    m.add("head_b", m.manager.zeros(new Shape(spec.classes())));
    return m;
  }

  private static NDArray xavier(NDManager mgr, Shape shape, long fanIn, long fanOut) {
    float a = (float) Math.sqrt(6.0 / (fanIn + fanOut));
    return mgr.randomUniform(-a, a, shape);
  }

  private void add(String name, NDArray array) {
    array.setName(name);
    array.setRequiresGradient(true);
    params.put(name, array);
  }

  public SortedNetSpec spec() {
    return spec;
  }

  public long parameterCount() {
    return params.values().stream().mapToLong(NDArray::size).sum();
  }

  /** Intra-op threads of the last batch, as PyTorch reported them on its thread (0 before any). */
  public int threads() {
    return threads;
  }

  public void setLearningRate(double lr) {
    this.learningRate = (float) lr;
  }

  /** Logits of sub-network {@code s}; intermediate arrays live in {@code scope}. */
  NDArray logits(NDManager scope, NDArray x, SubNetwork s) {
    spec.check(s);
    int k = s.units(spec.width());
    NDArray h = x;
    boolean mlp = SortedNetSpec.MLP.equals(spec.kind());
    int in = mlp ? spec.inputSize() : spec.channels();
    for (int b = 0; b < s.depth(); b++) {
      NDArray w = slice(scope, "w" + b, new NDIndex(":{}, :{}", k, in));
      NDArray bias = slice(scope, "b" + b, new NDIndex(":{}", k));
      NDArray z = mlp
          ? Linear.linear(h, w, bias).singletonOrThrow()
          : Conv2d.conv2d(h, w, bias, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
      h = spec.blockOutput(b, h, z);
      in = k;
    }
    if (!mlp) {
      h = SortedNetSpec.toHeadInput(h, s.depth());
    }
    NDArray hw = slice(scope, "head_w", new NDIndex(":, :{}", k * spec.headInputsPerUnit()));
    return Linear.linear(h, hw, params.get("head_b")).singletonOrThrow();
  }

  private NDArray slice(NDManager scope, String name, NDIndex index) {
    return WeightViews.inScope(scope, params.get(name).get(index));
  }

  NDArray input(NDManager scope, float[] x, int n) {
    float[] data = x.length == (long) n * spec.inputSize() ? x : java.util.Arrays.copyOf(x, n * spec.inputSize());
    Shape shape = SortedNetSpec.MLP.equals(spec.kind())
        ? new Shape(n, spec.inputSize()) : new Shape(n, spec.channels(), spec.height(), spec.imageWidth());
    return TorchArrays.of(scope, data, shape);
  }

  /** Class probabilities of sub-network {@code s}, n × classes row-major. */
  public float[] probabilities(float[] x, int n, SubNetwork s) {
    threads = TorchThreads.apply(budget);
    try (NDManager scope = manager.newSubManager()) {
      return logits(scope, input(scope, x, n), s).softmax(1).toFloatArray();
    }
  }

  /**
   * One optimizer step: the losses of the sampled sub-networks are averaged (gradients
   * accumulated, one backward pass each) before a single Adam update.
   *
   * @param distill weight of the in-place distillation term for the non-largest sub-networks
   *     (0 = plain cross-entropy); the teacher is the largest sub-network's softened output
   * @return the mean loss over the sampled sub-networks
   */
  public double step(float[] x, int[] y, int n, List<SubNetwork> sampled, double distill,
      double temperature) {
    try {
      return stepOnce(x, y, n, sampled, distill, temperature);
    } catch (NonFiniteLossException | NonFiniteGradientException first) {
      // Nothing was updated, so the same batch can be computed again and give what a clean step
      // would. On this CPU build a first-convolution gradient came out NaN about once in
      // 10^3 steps and not again on the same batch (docs/architecture.md); a divergence is NaN twice.
      recomputedSteps++;
      LOG.warn("{}: a non-finite step ({}); computing it again", spec.label(), first.getMessage());
      try {
        return stepOnce(x, y, n, sampled, distill, temperature);
      } catch (NonFiniteLossException | NonFiniteGradientException second) {
        throw new IllegalStateException("non-finite twice on the same batch (training diverged): "
            + second.getMessage(), second);
      }
    }
  }

  /** Steps whose first computation was not finite and were computed again (see {@link #step}). */
  public int recomputedSteps() {
    return recomputedSteps;
  }

  private double stepOnce(float[] x, int[] y, int n, List<SubNetwork> sampled, double distill,
      double temperature) {
    double total = 0;
    threads = TorchThreads.apply(budget);
    boolean wasGrad = JniUtils.isGradMode();
    try (NDManager scope = manager.newSubManager()) {
      NDArray input = input(scope, x, n);
      NDArray labels = scope.create(java.util.Arrays.copyOf(y, n)).oneHot(spec.classes());
      NDArray teacher = null;
      if (distill > 0) {
        JniUtils.setGradMode(false);
        teacher = logits(scope, input, spec.largest()).div((float) temperature).softmax(1);
      }
      JniUtils.setGradMode(true);
      for (SubNetwork s : sampled) {
        NDArray out = logits(scope, input, s);
        NDArray ce = out.logSoftmax(1).mul(labels).sum(new int[] {1}).mean().neg();
        NDArray loss = ce;
        if (teacher != null && !s.equals(spec.largest())) {
          NDArray kd = out.div(scalar(scope, temperature)).logSoftmax(1).mul(teacher).sum(new int[] {1}).mean().neg()
              .mul(scalar(scope, temperature * temperature));
          loss = ce.mul(scalar(scope, 1 - distill)).add(kd.mul(scalar(scope, distill)));
        }
        NDArray scaled = loss.div(scalar(scope, sampled.size()));
        JniUtils.backward((PtNDArray) scaled, (PtNDArray) scope.ones(scaled.getShape()), false, false);
        float value = loss.getFloat();
        if (!Float.isFinite(value)) {
          // Refused before the update: a NaN loss would make every weight and Adam moment NaN.
          params.values().forEach(w -> JniUtils.zeroGrad((PtNDArray) w));
          throw new NonFiniteLossException("sub-network " + s.label() + " of " + spec.label()
              + ": loss is " + value + "; the weights were not updated");
        }
        total += value;
      }
      JniUtils.setGradMode(false);
      // An infinite bound: gradient norms are checked (a non-finite one refuses the update), never clipped.
      DjlUpdates.apply(params, optimizer, scope, Double.POSITIVE_INFINITY);
    } finally {
      JniUtils.setGradMode(wasGrad);
    }
    return total / sampled.size();
  }

  /** Gradients of one sub-network's loss (for tests of the nesting); leaves no gradient behind. */
  public Map<String, float[]> gradients(float[] x, int[] y, int n, SubNetwork s) {
    Map<String, float[]> out = new LinkedHashMap<>();
    threads = TorchThreads.apply(budget);
    boolean wasGrad = JniUtils.isGradMode();
    try (NDManager scope = manager.newSubManager()) {
      JniUtils.setGradMode(true);
      NDArray labels = scope.create(java.util.Arrays.copyOf(y, n)).oneHot(spec.classes());
      NDArray loss = logits(scope, input(scope, x, n), s).logSoftmax(1).mul(labels).sum(new int[] {1}).mean().neg();
      JniUtils.backward((PtNDArray) loss, (PtNDArray) scope.ones(loss.getShape()), false, false);
      JniUtils.setGradMode(false);
      for (Map.Entry<String, NDArray> p : params.entrySet()) {
        NDArray g = p.getValue().getGradient();
        g.attach(scope);
        out.put(p.getKey(), g.toFloatArray());
        JniUtils.zeroGrad((PtNDArray) p.getValue());
      }
    } finally {
      JniUtils.setGradMode(wasGrad);
    }
    return out;
  }

  /** The shape of a weight (for tests and export). */
  public Shape shapeOf(String name) {
    return params.get(name).getShape();
  }

  /** A standalone network holding only sub-network {@code s}'s sliced weights. */
  public StandaloneNet export(SubNetwork s) {
    spec.check(s);
    int k = s.units(spec.width());
    boolean mlp = SortedNetSpec.MLP.equals(spec.kind());
    Map<String, float[]> weights = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    try (NDManager scope = manager.newSubManager()) {
      int in = mlp ? spec.inputSize() : spec.channels();
      for (int b = 0; b < s.depth(); b++) {
        put(weights, shapes, "w" + b, slice(scope, "w" + b, new NDIndex(":{}, :{}", k, in)));
        put(weights, shapes, "b" + b, slice(scope, "b" + b, new NDIndex(":{}", k)));
        in = k;
      }
      put(weights, shapes, "head_w", slice(scope, "head_w", new NDIndex(":, :{}", k * spec.headInputsPerUnit())));
      put(weights, shapes, "head_b", slice(scope, "head_b", new NDIndex(":")));
    }
    return new StandaloneNet(spec, s, weights, shapes);
  }

  private static void put(Map<String, float[]> w, Map<String, long[]> shapes, String name, NDArray a) {
    w.put(name, a.toFloatArray());
    shapes.put(name, a.getShape().getShape());
  }

  /** Writes all weights (names, shapes, float32 data). Optimizer moments are not included. */
  public void save(OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(params.size());
    for (Map.Entry<String, NDArray> p : params.entrySet()) {
      StandaloneNet.writeArray(data, p.getKey(), p.getValue().getShape().getShape(), p.getValue().toFloatArray());
    }
    data.flush();
  }

  static DjlNestedModel restore(SortedNetSpec spec, InputStream in, ComputeBudget budget) throws IOException {
    DjlNestedModel m = new DjlNestedModel(spec, budget);
    DataInputStream data = new DataInputStream(in);
    int n = data.readInt();
    for (int i = 0; i < n; i++) {
      dev.flotilla.executors.backend.NamedArrays.Named a = StandaloneNet.readArray(data);
      m.add(a.name(), TorchArrays.of(m.manager, a.data(), new Shape(a.shape())));
    }
    DjlNestedModel fresh = create(spec, 0, budget);
    try {
      for (Map.Entry<String, NDArray> p : fresh.params.entrySet()) {
        NDArray got = m.params.get(p.getKey());
        if (got == null || !got.getShape().equals(p.getValue().getShape())) {
          m.close();
          throw new IOException("saved weights do not match " + spec.label() + ": " + p.getKey()
              + " is " + (got == null ? "missing" : got.getShape()) + ", expected " + p.getValue().getShape());
        }
      }
    } finally {
      fresh.close();
    }
    return m;
  }

  @Override
  public void close() {
    manager.close();
  }

  /**
   * A constant for grad-mode arithmetic, allocated by libtorch. Not {@code div(float)}/{@code
   * mul(float)}: DJL puts that scalar on a direct buffer that PyTorch aliases and frees it when the
   * op returns, while autograd reads it again in the backward pass (NaN weights after a GC).
   */
  private static NDArray scalar(NDManager scope, double value) {
    return scope.full(new Shape(), (float) value, DataType.FLOAT32);
  }

  /** A sampled sub-network's loss was NaN or infinite; nothing was updated. */
  private static final class NonFiniteLossException extends IllegalStateException {
    NonFiniteLossException(String message) {
      super(message);
    }
  }
}
