package dev.flotilla.datafiltering.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.flotilla.executors.backend.ModelFamily;
import dev.flotilla.executors.backend.NamedArrays;
import dev.flotilla.executors.backend.djl.DjlUpdates;
import dev.flotilla.executors.backend.djl.DjlWeights;
import dev.flotilla.executors.backend.djl.TorchThreads;
import dev.flotilla.executors.export.Exportable;
import dev.flotilla.executors.export.PortableModel;
import dev.flotilla.executors.export.Tensor;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The filtering network: a CLIP-style dual encoder on PyTorch through DJL. Image tower: two
 * 3x3 conv + ReLU + max-pool layers and a linear projection; text tower: hashed bag of words,
 * a ReLU layer and a linear projection. Both embeddings are L2-normalized; the loss is the
 * symmetric InfoNCE of CLIP with a learned temperature (logit scale, clamped at 100).
 * Not thread-safe; close it to free native memory. Built and restored through
 * {@link dev.flotilla.executors.backend.Backends} ({@link #FAMILY}).
 */
public final class DjlClipModel implements AutoCloseable, Exportable {

  /** Filtering networks: what {@link dev.flotilla.executors.backend.Backends} builds from a {@link ClipSpec}. */
  public static final ModelFamily<ClipSpec, DjlClipModel> FAMILY =
      new ModelFamily<>("filtering-network", ClipSpec.class, DjlClipModel.class);

  private static final float MAX_LOGIT_SCALE = (float) Math.log(100);

  private final ClipSpec spec;
  private final NDManager manager;
  private final Map<String, NDArray> params = new LinkedHashMap<>();
  private final Optimizer optimizer;
  private final ComputeBudget budget;
  private volatile int threads;
  /**
   * Constants of the loss as tensors libtorch owns: DJL hands a Java number to libtorch as a
   * buffer it frees when the call returns, and autograd reads it again in the backward pass
   * (wrong or NaN gradients once the memory is reused; see DjlTransformerLm).
   */
  private final NDArray half;
  private final NDArray logitScaleFloor;
  private final NDArray logitScaleCeiling;

  private DjlClipModel(ClipSpec spec, ComputeBudget budget) {
    this.spec = spec;
    this.budget = budget;
    TorchThreads.engine(); // started with one inter-op thread before anything else touches it
    TorchThreads.apply(budget); // initializing the weights runs on this thread
    // The device the budget names (its GPU, or the CPU), never the engine's default GPU 0.
    this.manager = NDManager.newBaseManager(dev.flotilla.executors.backend.djl.TorchDevices.of(budget), "PyTorch");
    this.half = manager.full(new Shape(), 0.5f, ai.djl.ndarray.types.DataType.FLOAT32);
    this.logitScaleFloor = manager.full(new Shape(), 0f, ai.djl.ndarray.types.DataType.FLOAT32);
    this.logitScaleCeiling = manager.full(new Shape(), MAX_LOGIT_SCALE, ai.djl.ndarray.types.DataType.FLOAT32);
    this.optimizer = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) spec.learningRate())).build();
  }

  static DjlClipModel create(ClipSpec spec, long seed, ComputeBudget budget) {
    DjlClipModel m = new DjlClipModel(spec, budget);
    // Drawn alone on libtorch's one generator, so units sharing the JVM do not change the weights.
    return dev.flotilla.executors.backend.djl.TorchRandom.seeded(seed, () -> m.initialize(spec));
  }

  private DjlClipModel initialize(ClipSpec spec) {
    DjlClipModel m = this;
    int c = spec.channels();
    m.add("conv1_w", uniform(m.manager, new Shape(c, 1, 3, 3), 9));
    m.add("conv1_b", m.manager.zeros(new Shape(c)));
    m.add("conv2_w", uniform(m.manager, new Shape(c, c, 3, 3), 9L * c));
    m.add("conv2_b", m.manager.zeros(new Shape(c)));
    m.add("img_proj_w", uniform(m.manager, new Shape(spec.embedDim(), 49L * c), 49L * c));
    m.add("img_proj_b", m.manager.zeros(new Shape(spec.embedDim())));
    m.add("txt_hidden_w", uniform(m.manager, new Shape(spec.textHidden(), spec.vocabBuckets()), spec.vocabBuckets() / 8));
    m.add("txt_hidden_b", m.manager.zeros(new Shape(spec.textHidden())));
    m.add("txt_proj_w", uniform(m.manager, new Shape(spec.embedDim(), spec.textHidden()), spec.textHidden()));
    m.add("txt_proj_b", m.manager.zeros(new Shape(spec.embedDim())));
    m.add("logit_scale", m.manager.create(new float[] {(float) Math.log(1 / 0.07)}, new Shape(1)));
    return m;
  }

  /** He-style uniform init for ReLU layers with the given fan-in. */
  private static NDArray uniform(NDManager mgr, Shape shape, long fanIn) {
    float a = (float) Math.sqrt(6.0 / Math.max(1, fanIn));
    return mgr.randomUniform(-a, a, shape);
  }

  private void add(String name, NDArray a) {
    a.setRequiresGradient(true);
    params.put(name, a);
  }

  public ClipSpec spec() {
    return spec;
  }

  /** Intra-op threads of the last batch, as PyTorch reported them on its thread (0 before any). */
  public int threads() {
    return threads;
  }

  /** Bytes of its weights (float32), for the executor cache's bound. */
  public long weightBytes() {
    return 4 * params.values().stream().mapToLong(NDArray::size).sum();
  }

  public float temperature() {
    return (float) (1 / Math.exp(params.get("logit_scale").getFloat()));
  }

  private NDArray imageEmbedding(NDManager scope, float[] images, int n) {
    NDArray x = scope.create(images.length == n * 784 ? images : java.util.Arrays.copyOf(images, n * 784),
        new Shape(n, 1, 28, 28));
    NDArray h = x;
    for (String layer : new String[] {"conv1", "conv2"}) {
      h = Activation.relu(Conv2d.conv2d(h, params.get(layer + "_w"), params.get(layer + "_b"),
          new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow());
      h = Pool.maxPool2d(h, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }
    h = h.reshape(n, -1);
    NDArray e = Linear.linear(h, params.get("img_proj_w"), params.get("img_proj_b")).singletonOrThrow();
    return normalize(e);
  }

  private NDArray textEmbedding(NDManager scope, List<String> texts) {
    return textEmbedding(scope, BagOfWords.features(texts, spec.vocabBuckets()), texts.size());
  }

  private NDArray textEmbedding(NDManager scope, float[] features, int n) {
    NDArray x = scope.create(features, new Shape(n, spec.vocabBuckets()));
    NDArray h = Activation.relu(Linear.linear(x, params.get("txt_hidden_w"), params.get("txt_hidden_b")).singletonOrThrow());
    return normalize(Linear.linear(h, params.get("txt_proj_w"), params.get("txt_proj_b")).singletonOrThrow());
  }

  private static NDArray normalize(NDArray e) {
    return e.div(e.square().sum(new int[] {1}, true).add(1e-12f).sqrt());
  }

  /**
   * One Adam step on a batch of matching pairs (image i goes with text i; the other texts of the
   * batch are its negatives). Returns the symmetric contrastive loss.
   */
  public double step(float[] images, List<String> texts) {
    int n = texts.size();
    threads = TorchThreads.apply(budget);
    boolean wasGrad = JniUtils.isGradMode();
    try (NDManager scope = manager.newSubManager()) {
      JniUtils.setGradMode(true);
      NDArray img = imageEmbedding(scope, images, n);
      NDArray txt = textEmbedding(scope, texts);
      NDArray scale = params.get("logit_scale").maximum(logitScaleFloor).minimum(logitScaleCeiling).exp();
      NDArray logits = img.matMul(txt.transpose()).mul(scale);
      NDArray eye = scope.eye(n);
      NDArray lossI = logits.logSoftmax(1).mul(eye).sum(new int[] {1}).mean().neg();
      NDArray lossT = logits.logSoftmax(0).mul(eye).sum(new int[] {0}).mean().neg();
      NDArray loss = lossI.add(lossT).mul(half);
      JniUtils.backward((PtNDArray) loss, (PtNDArray) scope.ones(loss.getShape()), false, false);
      double value = loss.getFloat();
      JniUtils.setGradMode(false);
      DjlUpdates.apply(params, optimizer, scope);
      return value;
    } finally {
      JniUtils.setGradMode(wasGrad);
    }
  }

  /** Cosine similarity of each image with its own caption: the pair's filtering score. */
  public float[] scorePairs(float[] images, List<String> texts) {
    return scoreFeatures(images, BagOfWords.features(texts, spec.vocabBuckets()), texts.size());
  }

  /**
   * {@link #scorePairs} on caption features already computed ({@link BagOfWords#features}, n x
   * vocab buckets): the network alone, as a benchmark compares it with another engine.
   */
  public float[] scoreFeatures(float[] images, float[] textFeatures, int n) {
    threads = TorchThreads.apply(budget);
    try (NDManager scope = manager.newSubManager()) {
      NDArray img = imageEmbedding(scope, images, n);
      NDArray txt = textEmbedding(scope, textFeatures, n);
      return img.mul(txt).sum(new int[] {1}).toFloatArray();
    }
  }

  /** Similarities of n images with k texts (n x k row-major), e.g. for zero-shot classification. */
  public float[] similarities(float[] images, int n, List<String> texts) {
    threads = TorchThreads.apply(budget);
    try (NDManager scope = manager.newSubManager()) {
      return imageEmbedding(scope, images, n).matMul(textEmbedding(scope, texts).transpose()).toFloatArray();
    }
  }

  public void save(OutputStream out) throws IOException {
    DjlWeights.write(params, out);
  }

  /** Both towers' weights under their own names (already PyTorch's layouts). */
  @Override
  public PortableModel portable() {
    List<Tensor> tensors = new ArrayList<>();
    params.forEach((k, v) -> tensors.add(new Tensor(k, v.getShape().getShape(), v.toFloatArray())));
    return ClipLayout.of(spec, tensors);
  }

  static DjlClipModel restore(ClipSpec spec, InputStream in, ComputeBudget budget) throws IOException {
    Map<String, NamedArrays.Named> saved;
    try (DjlClipModel template = create(spec, 0, budget)) {
      saved = DjlWeights.readMatching(in, template.params, "filtering network " + spec);
    }
    DjlClipModel m = new DjlClipModel(spec, budget);
    saved.forEach((name, a) -> m.add(name, m.manager.create(a.data(), new Shape(a.shape()))));
    return m;
  }

  @Override
  public void close() {
    manager.close();
  }
}
