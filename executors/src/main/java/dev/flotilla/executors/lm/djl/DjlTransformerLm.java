package dev.flotilla.executors.lm.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
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
import dev.flotilla.executors.backend.NamedArrays;
import dev.flotilla.executors.backend.NonFiniteGradientException;
import dev.flotilla.executors.backend.djl.DjlUpdates;
import dev.flotilla.executors.backend.djl.DjlWeights;
import dev.flotilla.executors.backend.djl.TorchArrays;
import dev.flotilla.executors.backend.djl.TorchThreads;
import dev.flotilla.executors.backend.djl.WeightViews;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decoder-only transformer LM on PyTorch through DJL, written on plain NDArrays (as GPT-2 is):
 * token + learned position embeddings, {@code layers} pre-norm blocks of causal multi-head
 * self-attention and a GELU MLP, a final LayerNorm and an untied output head. Weights start
 * at N(0, 0.02), residual output projections at 0.02/sqrt(2·layers) (GPT-2's scaling).
 * Adam with the global gradient norm clipped at 1, learning rate per step from the caller.
 */
public final class DjlTransformerLm implements LanguageModel {

  private static final float NEG_INF = -1e9f;
  /** Global gradient-norm clip (GPT-2's 1.0): long runs at a high learning rate otherwise can blow up. */
  private static final double MAX_GRAD_NORM = 1.0;

  private final LmSpec spec;
  private final NDManager manager;
  private final Map<String, NDArray> params = new LinkedHashMap<>();
  private final Optimizer optimizer;
  private final NDArray causalMask; // (context, context): 0 on and below the diagonal, -1e9 above
  /**
   * 1/sqrt(head size) as a tensor that libtorch allocated itself. Not {@code mul(float)}: DJL
   * builds that scalar on a direct ByteBuffer that PyTorch aliases without copying and frees it
   * when the op returns, while autograd keeps the scalar to multiply the gradient by it in the
   * backward pass, which then reads freed memory. Under GC (sooner with several models per JVM)
   * the attention's gradients came out wrong or NaN at random steps.
   */
  private final NDArray attentionScale;
  private volatile float learningRate;
  private final ComputeBudget budget;
  private volatile int threads;

  private DjlTransformerLm(LmSpec spec, ComputeBudget budget) {
    if (!LmSpec.TRANSFORMER.equals(spec.kind())) {
      throw new IllegalArgumentException("DjlTransformerLm builds transformers, not " + spec.kind());
    }
    this.spec = spec;
    this.budget = budget;
    Engine engine = TorchThreads.engine();
    TorchThreads.apply(budget); // initializing the weights runs on this thread
    this.manager = NDManager.newBaseManager(engine.defaultDevice(), "PyTorch");
    this.learningRate = (float) spec.learningRate();
    Tracker current = numUpdate -> learningRate;
    this.optimizer = Optimizer.adam().optLearningRateTracker(current).build();
    int c = spec.context();
    float[] mask = new float[c * c];
    for (int i = 0; i < c; i++) {
      for (int j = i + 1; j < c; j++) {
        mask[i * c + j] = NEG_INF;
      }
    }
    this.causalMask = TorchArrays.of(manager, mask, new Shape(c, c));
    this.attentionScale = manager.full(new Shape(), (float) (1 / Math.sqrt(spec.dModel() / spec.heads())), DataType.FLOAT32);
  }

  static DjlTransformerLm create(LmSpec spec, long seed, ComputeBudget budget) {
    DjlTransformerLm m = new DjlTransformerLm(spec, budget);
    // Drawn alone on libtorch's one generator, so units sharing the JVM do not change the weights.
    return dev.flotilla.executors.backend.djl.TorchRandom.seeded(seed, () -> m.initialize(spec));
  }

  private DjlTransformerLm initialize(LmSpec spec) {
    DjlTransformerLm m = this;
    long v = spec.vocabSize();
    long d = spec.dModel();
    long f = spec.mlpWidth();
    float residualStd = (float) (0.02 / Math.sqrt(2.0 * spec.layers()));
    m.add("tok_emb", m.normal(0.02f, v, d));
    m.add("pos_emb", m.normal(0.01f, spec.context(), d));
    for (int l = 0; l < spec.layers(); l++) {
      String p = "h" + l + ".";
      m.add(p + "ln1_g", m.manager.ones(new Shape(d)));
      m.add(p + "ln1_b", m.manager.zeros(new Shape(d)));
      m.add(p + "qkv_w", m.normal(0.02f, 3 * d, d));
      m.add(p + "qkv_b", m.manager.zeros(new Shape(3 * d)));
      m.add(p + "out_w", m.normal(residualStd, d, d));
      m.add(p + "out_b", m.manager.zeros(new Shape(d)));
      m.add(p + "ln2_g", m.manager.ones(new Shape(d)));
      m.add(p + "ln2_b", m.manager.zeros(new Shape(d)));
      m.add(p + "fc_w", m.normal(0.02f, f, d));
      m.add(p + "fc_b", m.manager.zeros(new Shape(f)));
      m.add(p + "proj_w", m.normal(residualStd, d, f));
      m.add(p + "proj_b", m.manager.zeros(new Shape(d)));
    }
    m.add("lnf_g", m.manager.ones(new Shape(d)));
    m.add("lnf_b", m.manager.zeros(new Shape(d)));
    m.add("head_w", m.normal(0.02f, v, d));
    m.add("head_b", m.manager.zeros(new Shape(v)));
    return m;
  }

  static DjlTransformerLm restore(LmSpec spec, InputStream in, ComputeBudget budget) throws IOException {
    Map<String, NamedArrays.Named> saved;
    try (DjlTransformerLm template = create(spec, 0, budget)) {
      saved = DjlWeights.readMatching(in, template.params, spec.describe());
    }
    DjlTransformerLm m = new DjlTransformerLm(spec, budget);
    saved.forEach((name, a) -> m.add(name, TorchArrays.of(m.manager, a.data(), new Shape(a.shape()))));
    return m;
  }

  private NDArray normal(float std, long... shape) {
    return manager.randomNormal(0, std, new Shape(shape), DataType.FLOAT32);
  }

  private void add(String name, NDArray a) {
    a.setRequiresGradient(true);
    params.put(name, a);
  }

  /**
   * Arrays the model's memory holds: its weights, their gradients and the optimizer's state. The
   * same from one batch to the next (a batch's arrays live in its own scope).
   */
  public int heldArrays() {
    return manager.getManagedArrays().size();
  }

  @Override
  public LmSpec spec() {
    return spec;
  }

  @Override
  public long parameterCount() {
    return params.values().stream().mapToLong(NDArray::size).sum();
  }

  @Override
  public int threads() {
    return threads;
  }

  /** Logits (B, T, vocab) for token rows (B, T). */
  private NDArray logits(NDManager scope, int[][] rows, int length) {
    int b = rows.length;
    long[] ids = new long[b * length];
    for (int i = 0; i < b; i++) {
      for (int t = 0; t < length; t++) {
        ids[i * length + t] = rows[i][t];
      }
    }
    NDArray tokens = TorchArrays.of(scope, ids, new Shape(b, length));
    NDArray x = Embedding.embedding(tokens, params.get("tok_emb"), SparseFormat.DENSE).singletonOrThrow()
        .add(WeightViews.inScope(scope, params.get("pos_emb").get("0:" + length)));
    NDArray mask = WeightViews.inScope(scope, causalMask.get("0:" + length + ", 0:" + length));
    int heads = spec.heads();
    int dh = spec.dModel() / heads;
    Shape norm = new Shape(spec.dModel());
    for (int l = 0; l < spec.layers(); l++) {
      String p = "h" + l + ".";
      NDArray h = LayerNorm.layerNorm(x, norm, params.get(p + "ln1_g"), params.get(p + "ln1_b"), 1e-5f).singletonOrThrow();
      NDList qkv = Linear.linear(h, params.get(p + "qkv_w"), params.get(p + "qkv_b")).singletonOrThrow().split(3, 2);
      NDArray q = qkv.get(0).reshape(b, length, heads, dh).transpose(0, 2, 1, 3);
      NDArray k = qkv.get(1).reshape(b, length, heads, dh).transpose(0, 2, 3, 1);
      NDArray v = qkv.get(2).reshape(b, length, heads, dh).transpose(0, 2, 1, 3);
      NDArray attention = q.matMul(k).mul(attentionScale).add(mask).softmax(-1);
      NDArray mixed = attention.matMul(v).transpose(0, 2, 1, 3).reshape(b, length, spec.dModel());
      x = x.add(Linear.linear(mixed, params.get(p + "out_w"), params.get(p + "out_b")).singletonOrThrow());
      h = LayerNorm.layerNorm(x, norm, params.get(p + "ln2_g"), params.get(p + "ln2_b"), 1e-5f).singletonOrThrow();
      h = Activation.gelu(Linear.linear(h, params.get(p + "fc_w"), params.get(p + "fc_b")).singletonOrThrow());
      x = x.add(Linear.linear(h, params.get(p + "proj_w"), params.get(p + "proj_b")).singletonOrThrow());
    }
    x = LayerNorm.layerNorm(x, norm, params.get("lnf_g"), params.get("lnf_b"), 1e-5f).singletonOrThrow();
    return Linear.linear(x, params.get("head_w"), params.get("head_b")).singletonOrThrow();
  }

  /** ln p of tokens 1..len-1 of every row, shape (B, len-1). */
  private NDArray targetLogProbs(NDManager scope, int[][] rows) {
    int len = checkRows(rows);
    int b = rows.length;
    long[] next = new long[b * (len - 1)];
    for (int i = 0; i < b; i++) {
      for (int t = 1; t < len; t++) {
        next[i * (len - 1) + t - 1] = rows[i][t];
      }
    }
    NDArray targets = TorchArrays.of(scope, next, new Shape(b, len - 1, 1));
    return logits(scope, rows, len - 1).logSoftmax(-1).gather(targets, -1).reshape(b, len - 1);
  }

  private int checkRows(int[][] rows) {
    return spec.checkedLength(rows);
  }

  @Override
  public double trainStep(int[][] tokens, double learningRate) {
    this.learningRate = (float) learningRate;
    threads = TorchThreads.apply(budget);
    boolean wasGrad = JniUtils.isGradMode();
    try (NDManager scope = manager.newSubManager()) {
      JniUtils.setGradMode(true);
      NDArray loss = targetLogProbs(scope, tokens).mean().neg();
      JniUtils.backward((PtNDArray) loss, (PtNDArray) scope.ones(loss.getShape()), false, false);
      double value = loss.getFloat();
      JniUtils.setGradMode(false);
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

  @Override
  public float[][] targetLogProbs(int[][] tokens) {
    threads = TorchThreads.apply(budget);
    boolean wasGrad = JniUtils.isGradMode();
    try (NDManager scope = manager.newSubManager()) {
      JniUtils.setGradMode(false);
      float[] flat = targetLogProbs(scope, tokens).toFloatArray();
      int w = tokens[0].length - 1;
      float[][] out = new float[tokens.length][w];
      for (int i = 0; i < tokens.length; i++) {
        System.arraycopy(flat, i * w, out[i], 0, w);
      }
      return out;
    } finally {
      JniUtils.setGradMode(wasGrad);
    }
  }

  @Override
  public float[] nextLogProbs(int[] prefix) {
    if (prefix.length == 0) {
      throw new IllegalArgumentException("empty prefix: start it with ByteTokens.DOC");
    }
    int len = Math.min(prefix.length, spec.context());
    int[] window = java.util.Arrays.copyOfRange(prefix, prefix.length - len, prefix.length);
    threads = TorchThreads.apply(budget);
    boolean wasGrad = JniUtils.isGradMode();
    try (NDManager scope = manager.newSubManager()) {
      JniUtils.setGradMode(false);
      NDArray logits = logits(scope, new int[][] {window}, len);
      return logits.get("0, " + (len - 1)).logSoftmax(-1).toFloatArray();
    } finally {
      JniUtils.setGradMode(wasGrad);
    }
  }

  /** The weights under their own names: they are already PyTorch's (out, in) layouts. */
  @Override
  public PortableModel portable() {
    List<Tensor> tensors = new ArrayList<>();
    params.forEach((k, v) -> tensors.add(new Tensor(k, v.getShape().getShape(), v.toFloatArray())));
    return LmLayout.of(spec, tensors);
  }

  @Override
  public void save(OutputStream out) throws IOException {
    DjlWeights.write(params, out);
  }

  @Override
  public void close() {
    manager.close();
  }
}
