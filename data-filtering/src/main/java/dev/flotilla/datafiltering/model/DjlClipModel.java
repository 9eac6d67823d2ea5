package dev.flotilla.datafiltering.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.flotilla.executors.backend.ModelFamily;
import dev.flotilla.executors.backend.NamedArrays;
import dev.flotilla.executors.backend.NonFiniteGradientException;
import dev.flotilla.executors.backend.djl.DjlUpdates;
import dev.flotilla.executors.backend.djl.DjlWeights;
import dev.flotilla.executors.backend.djl.TorchArrays;
import dev.flotilla.executors.backend.djl.TorchDevices;
import dev.flotilla.executors.backend.djl.TorchRandom;
import dev.flotilla.executors.backend.djl.TorchThreads;
import dev.flotilla.executors.backend.djl.WeightViews;
import dev.flotilla.executors.export.Exportable;
import dev.flotilla.executors.export.PortableModel;
import dev.flotilla.executors.export.Tensor;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The filtering network: a CLIP on PyTorch through DJL, written on plain NDArrays. Image tower:
 * a ViT (CLIP's stride-p patch convolution, computed as one GEMM over the patches; class token,
 * learned positions, ln_pre, pre-norm blocks of multi-head self-attention and a GELU MLP,
 * ln_post of the class token, a linear projection). Text tower: token and position embeddings,
 * causal pre-norm blocks, ln_final at the end-of-text token, a linear projection. Both
 * embeddings are L2-normalized; the loss is CLIP's symmetric InfoNCE with a learned temperature
 * (logit scale clamped at 100). Weights are named and laid out as OpenAI CLIP's
 * ({@link ClipLayout}). Captions arrive as token ids ({@link CaptionTokenizer}); the text tower
 * runs only up to the batch's last end-of-text token, which under the causal mask changes no
 * pooled output. Not thread-safe; close it to free native memory. Built and restored through
 * {@link dev.flotilla.executors.backend.Backends} ({@link #FAMILY}).
 */
public final class DjlClipModel implements AutoCloseable, Exportable {

  /** Filtering networks: what {@link dev.flotilla.executors.backend.Backends} builds from a {@link ClipSpec}. */
  public static final ModelFamily<ClipSpec, DjlClipModel> FAMILY =
      new ModelFamily<>("filtering-network", ClipSpec.class, DjlClipModel.class);

  private static final float MAX_LOGIT_SCALE = (float) Math.log(100);
  /** Global gradient-norm clip, as transformer training usually has: one bad batch cannot throw the weights far. */
  private static final double MAX_GRAD_NORM = 1.0;
  private static final float LN_EPS = 1e-5f;

  private final ClipSpec spec;
  private final NDManager manager;
  private final Map<String, NDArray> params = new LinkedHashMap<>();
  private final Optimizer optimizer;
  private final ComputeBudget budget;
  // (context, context): 0 on and below the diagonal, -1e9 above. Finite, as the HDEE transformer's:
  // exp underflows to exactly 0 all the same, and no inf ever enters a kernel.
  private final NDArray causalMask;
  private volatile int threads;
  /**
   * Every constant of the forward pass and the loss as a tensor libtorch owns, never a Java number:
   * DJL hands {@code mul(Number)} and the like a buffer it frees when the call returns, and
   * autograd reads it again in the backward pass (wrong or NaN gradients once the memory is
   * reused; see DjlTransformerLm). Attention scales 1/sqrt(head size) of each tower, the
   * normalization's epsilon, the loss's half and the logit-scale bounds.
   */
  private final NDArray imageAttentionScale;
  private final NDArray textAttentionScale;
  private final NDArray normEpsilon;
  private final NDArray half;
  private final NDArray logitScaleFloor;
  private final NDArray logitScaleCeiling;

  private DjlClipModel(ClipSpec spec, ComputeBudget budget) {
    this.spec = spec;
    this.budget = budget;
    TorchThreads.engine(); // started with one inter-op thread before anything else touches it
    TorchThreads.apply(budget); // initializing the weights runs on this thread
    // The device the budget names (its GPU, or the CPU), never the engine's default GPU 0.
    this.manager = NDManager.newBaseManager(TorchDevices.of(budget), "PyTorch");
    this.imageAttentionScale = constant(1 / Math.sqrt(spec.width() / spec.heads()));
    this.textAttentionScale = constant(1 / Math.sqrt(spec.textWidth() / spec.textHeads()));
    this.normEpsilon = constant(1e-12);
    this.half = constant(0.5);
    this.logitScaleFloor = constant(0);
    this.logitScaleCeiling = constant(MAX_LOGIT_SCALE);
    this.optimizer = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) spec.learningRate())).build();
    int c = spec.contextLength();
    float[] mask = new float[c * c];
    for (int i = 0; i < c; i++) {
      Arrays.fill(mask, i * c + i + 1, (i + 1) * c, -1e9f);
    }
    this.causalMask = TorchArrays.of(manager, mask, new Shape(c, c));
  }

  /** A scalar tensor allocated by libtorch (see {@link #half}). */
  private NDArray constant(double value) {
    return manager.full(new Shape(), (float) value, DataType.FLOAT32);
  }

  static DjlClipModel create(ClipSpec spec, long seed, ComputeBudget budget) {
    DjlClipModel m = new DjlClipModel(spec, budget);
    // Drawn alone on libtorch's one generator, so units sharing the JVM do not change the weights.
    return TorchRandom.seeded(seed, m::initialize);
  }

  /**
   * CLIP's initialization (OpenAI's {@code initialize_parameters}), its transformer rule applied
   * to both towers: q/k/v at std width^-0.5, output and c_proj at width^-0.5 (2 layers)^-0.5,
   * c_fc at (2 width)^-0.5; class token, image positions and both projections at width^-0.5;
   * token embedding 0.02, text positions 0.01; the patch embedding as PyTorch's Conv2d default.
   */
  private DjlClipModel initialize() {
    ClipLayout.shapes(spec).forEach((name, shape) -> add(name, initial(name, new Shape(shape))));
    return this;
  }

  private NDArray initial(String name, Shape shape) {
    boolean visual = name.startsWith("visual.");
    double w = visual ? spec.width() : spec.textWidth();
    int layers = visual ? spec.layers() : spec.textLayers();
    double attnStd = Math.pow(w, -0.5);
    if (name.endsWith(".bias") || name.endsWith("_bias")) {
      return manager.zeros(shape);
    }
    if (name.contains("ln_")) {
      return manager.ones(shape);
    }
    if (name.equals("logit_scale")) {
      return TorchArrays.of(manager, new float[] {(float) Math.log(1 / 0.07)}, shape);
    }
    if (name.equals("visual.conv1.weight")) {
      float a = (float) (1 / Math.sqrt(3.0 * spec.patchSize() * spec.patchSize()));
      return manager.randomUniform(-a, a, shape);
    }
    double std;
    if (name.endsWith("attn.in_proj_weight")) {
      std = attnStd;
    } else if (name.endsWith("attn.out_proj.weight") || name.endsWith("mlp.c_proj.weight")) {
      std = attnStd * Math.pow(2.0 * layers, -0.5);
    } else if (name.endsWith("mlp.c_fc.weight")) {
      std = Math.pow(2 * w, -0.5);
    } else if (name.equals("token_embedding.weight")) {
      std = 0.02;
    } else if (name.equals("positional_embedding")) {
      std = 0.01;
    } else {
      std = attnStd; // class token, image positions, both projections
    }
    return manager.randomNormal(0, (float) std, shape, DataType.FLOAT32);
  }

  private void add(String name, NDArray a) {
    a.setRequiresGradient(true);
    params.put(name, a);
  }

  private NDArray p(String name) {
    return params.get(name);
  }

  /**
   * Arrays the model's memory holds: its weights, their gradients and the optimizer's state. The
   * same from one batch to the next (a batch's arrays live in its own scope).
   */
  public int heldArrays() {
    return manager.getManagedArrays().size();
  }

  public ClipSpec spec() {
    return spec;
  }

  /** Intra-op threads of the last batch, as PyTorch reported them on its thread (0 before any). */
  public int threads() {
    return threads;
  }

  public long parameterCount() {
    return params.values().stream().mapToLong(NDArray::size).sum();
  }

  /** Bytes of its weights (float32), for the executor cache's bound. */
  public long weightBytes() {
    return 4 * parameterCount();
  }

  public float temperature() {
    return (float) (1 / Math.exp(p("logit_scale").getFloat()));
  }

  private NDArray layerNorm(NDArray x, String name) {
    return LayerNorm.layerNorm(x, new Shape(x.getShape().tail()), p(name + ".weight"), p(name + ".bias"), LN_EPS)
        .singletonOrThrow();
  }

  private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
    return Linear.linear(x, weight, bias).singletonOrThrow();
  }

  /**
   * One pre-norm residual block: multi-head self-attention (masked if {@code mask}), then the MLP.
   * Takes {@code x} over: its intermediates and {@code x} itself are freed when the block returns,
   * so a batch holds one block's activations at a time, not every block's, and malloc hands the
   * next block the pages this one used (autograd keeps what backward needs on its own).
   */
  private NDArray block(NDArray x, String b, int heads, NDArray scale, NDArray mask) {
    NDManager outer = x.getManager();
    try (NDManager inBlock = outer.newSubManager()) {
      x.attach(inBlock); // ops put their results in their receiver's manager: this block's
      NDArray out = blockOps(x, b, heads, scale, mask);
      out.attach(outer);
      return out;
    }
  }

  private NDArray blockOps(NDArray x, String b, int heads, NDArray scale, NDArray mask) {
    Shape shape = x.getShape();
    long n = shape.get(0);
    long t = shape.get(1);
    long d = shape.get(2);
    long dh = d / heads;
    NDArray h = layerNorm(x, b + "ln_1");
    NDList qkv = linear(h, p(b + "attn.in_proj_weight"), p(b + "attn.in_proj_bias")).split(3, 2);
    NDArray q = qkv.get(0).reshape(n, t, heads, dh).transpose(0, 2, 1, 3).mul(scale);
    NDArray k = qkv.get(1).reshape(n, t, heads, dh).transpose(0, 2, 3, 1);
    NDArray v = qkv.get(2).reshape(n, t, heads, dh).transpose(0, 2, 1, 3);
    NDArray scores = q.matMul(k);
    if (mask != null) {
      scores = scores.add(mask);
    }
    NDArray mixed = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(n, t, d);
    x = x.add(linear(mixed, p(b + "attn.out_proj.weight"), p(b + "attn.out_proj.bias")));
    h = Activation.gelu(linear(layerNorm(x, b + "ln_2"), p(b + "mlp.c_fc.weight"), p(b + "mlp.c_fc.bias")));
    return x.add(linear(h, p(b + "mlp.c_proj.weight"), p(b + "mlp.c_proj.bias")));
  }

  private NDArray imageEmbedding(NDManager scope, float[] images, int n) {
    int s = spec.imageSize();
    NDArray x = TorchArrays.of(scope, images, new Shape(n, 3, s, s)); // the first n images
    int w = spec.width();
    int g = spec.grid();
    int ps = spec.patchSize();
    // The stride-p convolution as one GEMM: each patch's (channel, row, column) pixels, in
    // conv1.weight's order, times the weight as a (width, 3 p^2) matrix.
    NDArray patches = x.reshape(n, 3, g, ps, g, ps).transpose(0, 2, 4, 1, 3, 5).reshape(n, g * g, 3 * ps * ps);
    NDArray weight = WeightViews.inScope(scope, p("visual.conv1.weight").reshape(w, 3 * ps * ps));
    NDArray h = patches.matMul(weight.transpose());
    NDArray cls = scope.zeros(new Shape(n, 1, w))
        .add(WeightViews.inScope(scope, p("visual.class_embedding").reshape(1, 1, w)));
    h = NDArrays.concat(new NDList(cls, h), 1).add(p("visual.positional_embedding"));
    h = layerNorm(h, "visual.ln_pre");
    for (int i = 0; i < spec.layers(); i++) {
      h = block(h, ClipLayout.block("visual.transformer", i), spec.heads(), imageAttentionScale, null);
    }
    NDArray pooled = layerNorm(h.get(":, 0"), "visual.ln_post");
    return normalize(pooled.matMul(p("visual.proj")));
  }

  private NDArray textEmbedding(NDManager scope, long[] tokens, int n) {
    int c = spec.contextLength();
    if (tokens.length < (long) n * c) {
      throw new IllegalArgumentException(n + " captions need " + n + " x " + c + " token ids, got " + tokens.length);
    }
    // CLIP pools at the end-of-text token: the row's largest id (argmax, its first position).
    int[] eot = new int[n];
    int length = 1;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < c; j++) {
        long id = tokens[i * c + j];
        if (id < 0 || id >= spec.vocabSize()) {
          throw new IllegalArgumentException("token id " + id + " of caption " + i + " is outside the text tower's "
              + "vocabulary of " + spec.vocabSize() + " (dfn.model.vocab-size; tokenizer "
              + (spec.readsWords() ? ClipSpec.WORDS : spec.tokenizer()) + ")");
        }
        if (id > tokens[i * c + eot[i]]) {
          eot[i] = j;
        }
      }
      length = Math.max(length, eot[i] + 1);
    }
    long[] cut = new long[n * length];
    for (int i = 0; i < n; i++) {
      System.arraycopy(tokens, i * c, cut, i * length, length);
    }
    String first = "0:" + length;
    NDArray x = Embedding.embedding(TorchArrays.of(scope, cut, new Shape(n, length)), p("token_embedding.weight"),
        SparseFormat.DENSE).singletonOrThrow().add(WeightViews.inScope(scope, p("positional_embedding").get(first)));
    NDArray mask = WeightViews.inScope(scope, causalMask.get(first + ", " + first));
    for (int i = 0; i < spec.textLayers(); i++) {
      x = block(x, ClipLayout.block("transformer", i), spec.textHeads(), textAttentionScale, mask);
    }
    int tw = spec.textWidth();
    long[] at = new long[n * tw];
    for (int i = 0; i < n; i++) {
      Arrays.fill(at, i * tw, (i + 1) * tw, eot[i]);
    }
    NDArray pooled = x.gather(TorchArrays.of(scope, at, new Shape(n, 1, tw)), 1).reshape(n, tw);
    return normalize(layerNorm(pooled, "ln_final").matMul(p("text_projection")));
  }

  private NDArray normalize(NDArray e) {
    return e.div(e.square().sum(new int[] {1}, true).add(normEpsilon).sqrt());
  }

  /**
   * One Adam step on a batch of n matching pairs: preprocessed images ({@link ClipSpec#preprocessing})
   * and token rows (image i goes with caption i; the other captions of the batch are its
   * negatives). Returns the symmetric contrastive loss.
   */
  public double step(float[] images, long[] tokens, int n) {
    threads = TorchThreads.apply(budget);
    boolean wasGrad = JniUtils.isGradMode();
    try (NDManager scope = manager.newSubManager()) {
      JniUtils.setGradMode(true);
      NDArray img = imageEmbedding(scope, images, n);
      NDArray txt = textEmbedding(scope, tokens, n);
      NDArray scale = WeightViews.inScope(scope, p("logit_scale").maximum(logitScaleFloor))
          .minimum(logitScaleCeiling).exp();
      NDArray logits = img.matMul(txt.transpose()).mul(scale);
      NDArray eye = scope.eye(n);
      NDArray lossI = logits.logSoftmax(1).mul(eye).sum(new int[] {1}).mean().neg();
      NDArray lossT = logits.logSoftmax(0).mul(eye).sum(new int[] {0}).mean().neg();
      NDArray loss = lossI.add(lossT).mul(half);
      JniUtils.backward((PtNDArray) loss, (PtNDArray) scope.ones(loss.getShape()), false, false);
      double value = loss.getFloat();
      JniUtils.setGradMode(false);
      if (!Double.isFinite(value)) {
        // Fail the step rather than write NaN weights: the unit's retry resumes from its checkpoint.
        throw new IllegalStateException("the filtering network's contrastive loss is " + value + " on a batch of "
            + n + " pairs; weights left as they were");
      }
      try {
        DjlUpdates.apply(params, optimizer, scope, MAX_GRAD_NORM);
      } catch (NonFiniteGradientException e) {
        throw e.withLoss(value);
      }
      return value;
    } finally {
      JniUtils.setGradMode(wasGrad);
    }
  }

  /** Cosine similarity of each of n images with its own caption (token rows): the pair's filtering score. */
  public float[] scorePairs(float[] images, long[] tokens, int n) {
    return inference(scope -> imageEmbedding(scope, images, n).mul(textEmbedding(scope, tokens, n))
        .sum(new int[] {1}).toFloatArray());
  }

  /** Similarities of n images with k captions (n x k row-major), e.g. for zero-shot classification. */
  public float[] similarities(float[] images, int n, long[] tokens, int k) {
    return inference(scope -> imageEmbedding(scope, images, n).matMul(textEmbedding(scope, tokens, k).transpose())
        .toFloatArray());
  }

  /** Runs {@code f} without autograd (no graph is recorded: scoring is inference). */
  private float[] inference(java.util.function.Function<NDManager, float[]> f) {
    threads = TorchThreads.apply(budget);
    boolean wasGrad = JniUtils.isGradMode();
    try (NDManager scope = manager.newSubManager()) {
      JniUtils.setGradMode(false);
      return f.apply(scope);
    } finally {
      JniUtils.setGradMode(wasGrad);
    }
  }

  public void save(OutputStream out) throws IOException {
    DjlWeights.write(params, out);
  }

  /** Both towers' weights under OpenAI CLIP's names (already PyTorch's layouts). */
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
    saved.forEach((name, a) -> m.add(name, TorchArrays.of(m.manager, a.data(), new Shape(a.shape()))));
    return m;
  }

  @Override
  public void close() {
    manager.close();
  }
}
