package dev.flotilla.executors.lm.dl4j;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's LSTM layer (same configuration, same parameters W, RW, b in the same layout, so a
 * saved network is a stock DL4J network) with a whole-sequence forward and backward pass.
 *
 * <p>Why: DL4J's own LSTM (LSTMHelpers) runs about 25 nd4j ops per time step forward and 50
 * backward, multiplies each step's input by W separately, and runs the whole forward pass a
 * second time inside backprop; for a byte LM (T = 128) the JNI op overhead and the small
 * matrix products dominate. Here the input projection, the weight gradients and the input
 * gradient are one matrix product each over all T·B rows, the derivative factors are computed
 * once over the whole sequence, and only the recurrence runs per step: 11 ops forward, 7
 * backward. The forward pass keeps what backprop needs in buffers of this layer (reused while
 * batch and length stay the same), outside DL4J's workspaces.
 *
 * <p>Supported: the configuration {@link Dl4jLstmLm} builds (tanh cell, sigmoid gates, no
 * masks, no stored state, no dropout). Gate blocks of DL4J's 4n columns: [a | f | o | g] with
 * a = tanh(z), f, o, g = sigmoid(z); c_t = f·c_{t-1} + a·g; h_t = o·tanh(c_t).
 */
final class SequenceLstm extends LSTM {

  private transient Buffers buffers;

  SequenceLstm(LSTM stock) {
    super(stock.conf(), stock.getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY).dataType());
    setIndex(stock.getIndex());
    setListeners(stock.getListeners());
    setParamsViewArray(stock.params());
    setParamTable(stock.paramTable());
    if (stock.getGradientsViewArray() != null) {
      setBackpropGradientsViewArray(stock.getGradientsViewArray());
    }
  }

  /** Replaces each stock LSTM of {@code layers} by a SequenceLstm sharing its parameter and gradient views. */
  static Layer[] install(Layer[] layers) {
    Layer[] out = layers.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof LSTM stock && !(stock instanceof SequenceLstm)) {
        out[i] = new SequenceLstm(stock);
      }
    }
    return out;
  }

  /**
   * Per-sequence arrays, rows ordered time-major (row t·B + i is time t of example i). Gate
   * values and backprop factors are gate-major ([4, T·B, n]: each gate's block contiguous),
   * so the whole-sequence elementwise work runs on contiguous arrays.
   */
  private static final class Buffers {
    final int b;
    final int t;
    final INDArray x;      // [T·B, nIn] input
    final INDArray z;      // [4, T·B, n] gate pre-activations, then activations: a, f, o, g
    final INDArray c;      // [(T+1)·B, n] cell states, block 0 = c_{-1} = 0
    final INDArray h;      // [(T+1)·B, n] outputs, block 0 = h_{-1} = 0
    final INDArray tc;     // [T·B, n] tanh(c_t)
    final INDArray tmp;    // [B, n]
    final INDArray p;      // [4, T·B, n] backprop factors per gate
    final INDArray q;      // [T·B, n] d c_t / d h_t
    final INDArray dz;     // [T·B, 4n] gate pre-activation gradients, DL4J's column layout
    final INDArray dh;     // [T·B, n] output gradients
    final INDArray dc;     // [B, n]
    final INDArray dcNext; // [B, n]
    final INDArray dx;     // [T·B, nIn]
    // Views, made once: creating a view costs a native shape buffer, and the loops would
    // otherwise make a dozen per time step.
    final INDArray[] zGate = new INDArray[4];
    final INDArray[] pGate = new INDArray[4];
    final INDArray[][] zAt; // [gate][step]: [B, n]
    final INDArray[] fogAt; // gates f, o, g at a step: [3, B, n]
    final INDArray[] cAt;   // c_{step-1}, i.e. index step + 1 holds c_step
    final INDArray[] hAt;   // likewise
    final INDArray[] tcAt;
    final INDArray[] qAt;
    final INDArray[] dhAt;
    final INDArray[] dzAt;
    final INDArray[] dzGatesAt; // dz at a step as [B, 4, n]
    final INDArray[] dzOAt;     // the o block of dz at a step
    final INDArray[] pGatesAt;  // p at a step as [B, 4, n] (a permuted view)
    final INDArray[] poAt;      // the o factors at a step
    final INDArray dcGates;     // dc as [B, 1, n]

    Buffers(int b, int t, long nIn, long n) {
      this.b = b;
      this.t = t;
      long rows = (long) t * b;
      try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
        x = Nd4j.create(DataType.FLOAT, rows, nIn);
        z = Nd4j.create(DataType.FLOAT, 4, rows, n);
        c = Nd4j.create(DataType.FLOAT, rows + b, n);
        h = Nd4j.create(DataType.FLOAT, rows + b, n);
        tc = Nd4j.create(DataType.FLOAT, rows, n);
        tmp = Nd4j.create(DataType.FLOAT, b, n);
        p = Nd4j.create(DataType.FLOAT, 4, rows, n);
        q = Nd4j.create(DataType.FLOAT, rows, n);
        dz = Nd4j.create(DataType.FLOAT, rows, 4 * n);
        dh = Nd4j.create(DataType.FLOAT, rows, n);
        dc = Nd4j.create(DataType.FLOAT, b, n);
        dcNext = Nd4j.create(DataType.FLOAT, b, n);
        dx = Nd4j.create(DataType.FLOAT, rows, nIn);
        for (int k = 0; k < 4; k++) {
          zGate[k] = z.get(point(k), all(), all());
          pGate[k] = p.get(point(k), all(), all());
        }
        zAt = new INDArray[4][];
        for (int k = 0; k < 4; k++) {
          zAt[k] = steps(zGate[k], t);
        }
        cAt = steps(c, t + 1);
        hAt = steps(h, t + 1);
        tcAt = steps(tc, t);
        qAt = steps(q, t);
        dhAt = steps(dh, t);
        dzAt = steps(dz, t);
        poAt = steps(pGate[2], t);
        fogAt = new INDArray[t];
        dzGatesAt = new INDArray[t];
        dzOAt = new INDArray[t];
        pGatesAt = new INDArray[t];
        for (int i = 0; i < t; i++) {
          long row = (long) i * b;
          fogAt[i] = z.get(interval(1, 4), interval(row, row + b), all());
          pGatesAt[i] = p.get(all(), interval(row, row + b), all()).permute(1, 0, 2);
          dzGatesAt[i] = dzAt[i].reshape(b, 4, n);
          dzOAt[i] = dzAt[i].get(all(), interval(2 * n, 3 * n));
        }
        dcGates = dc.reshape(b, 1, n);
      }
    }

    /** The B-row block of every time step of a time-major array. */
    private INDArray[] steps(INDArray a, int count) {
      INDArray[] v = new INDArray[count];
      for (int i = 0; i < count; i++) {
        v[i] = a.get(interval((long) i * b, (long) (i + 1) * b), all());
      }
      return v;
    }
  }

  private long units() {
    return getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY).size(0);
  }

  private Buffers buffers(int b, int t) {
    if (buffers == null || buffers.b != b || buffers.t != t) {
      buffers = new Buffers(b, t, getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY).size(0), units());
    }
    return buffers;
  }

  @Override
  public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
    setInput(input, workspaceMgr);
    return activate(training, workspaceMgr);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    if (maskArray != null || stateMap != null && !stateMap.isEmpty()) {
      throw new UnsupportedOperationException("SequenceLstm supports neither masks nor stored state");
    }
    INDArray in = input.castTo(DataType.FLOAT); // NCW: [B, nIn, T]
    int b = (int) in.size(0);
    int t = (int) in.size(2);
    long n = units();
    Buffers s = buffers(b, t);
    INDArray w = getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY);
    INDArray rw = getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
    INDArray bias = getParam(LSTMParamInitializer.BIAS_KEY);

    s.x.reshape(t, b, in.size(1)).assign(in.permute(2, 0, 1));
    for (int k = 0; k < 4; k++) {
      Nd4j.gemm(s.x, w.get(all(), interval(k * n, (k + 1) * n)), s.zGate[k], false, false, 1.0, 0.0);
    }
    s.z.addi(bias.reshape(4, 1, n));
    INDArray[] rwGate = new INDArray[4];
    for (int k = 0; k < 4; k++) {
      rwGate[k] = rw.get(all(), interval(k * n, (k + 1) * n));
    }
    for (int step = 0; step < t; step++) {
      if (step > 0) {
        // One product per gate straight into its contiguous block (one [B, 4n] product would
        // need a strided scatter into the gate-major layout, which costs as much as the product).
        for (int k = 0; k < 4; k++) {
          Nd4j.gemm(s.hAt[step], rwGate[k], s.zAt[k][step], false, false, 1.0, 1.0);
        }
      }
      INDArray at = s.zAt[0][step];
      Nd4j.exec(new Tanh(at, at));
      Nd4j.exec(new Sigmoid(s.fogAt[step], s.fogAt[step]));
      INDArray ct = s.cAt[step + 1];
      at.mul(s.zAt[3][step], ct);
      s.zAt[1][step].mul(s.cAt[step], s.tmp);
      ct.addi(s.tmp);
      Nd4j.exec(new Tanh(ct, s.tcAt[step]));
      s.zAt[2][step].mul(s.tcAt[step], s.hAt[step + 1]);
    }
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, new long[] {b, n, t}, 'c');
    out.assign(s.h.get(interval((long) b, (long) (t + 1) * b), all()).reshape(t, b, n).permute(1, 2, 0));
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    Buffers s = buffers;
    if (s == null) {
      throw new IllegalStateException("backprop without a forward pass");
    }
    int b = s.b;
    int t = s.t;
    long n = units();
    long nIn = s.x.size(1);
    INDArray w = getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY);
    INDArray rw = getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
    long rows = (long) t * b;
    INDArray a = s.zGate[0];
    INDArray f = s.zGate[1];
    INDArray o = s.zGate[2];
    INDArray g = s.zGate[3];
    INDArray cPrev = s.c.get(interval(0, rows), all());
    // Factors for the whole sequence at once: dz_a = dc·g·(1-a²), dz_f = dc·c_{t-1}·f(1-f),
    // dz_o = dh·tanh(c)·o(1-o), dz_g = dc·a·g(1-g); dc = dh·o·(1-tanh²(c)) + dc_{t+1}·f_{t+1}.
    a.mul(a, s.pGate[0]).rsubi(1.0).muli(g);
    f.rsub(1.0, s.pGate[1]).muli(f).muli(cPrev);
    o.rsub(1.0, s.pGate[2]).muli(o).muli(s.tc);
    g.rsub(1.0, s.pGate[3]).muli(g).muli(a);
    s.tc.mul(s.tc, s.q).rsubi(1.0).muli(o);
    s.dh.reshape(t, b, n).assign(epsilon.permute(2, 0, 1));
    for (int step = t - 1; step >= 0; step--) {
      INDArray dht = s.dhAt[step];
      dht.mul(s.qAt[step], s.dc);
      if (step < t - 1) {
        s.dc.addi(s.dcNext);
      }
      // All four gates by dc (broadcast over the gate axis), then the o gate by dh instead.
      s.pGatesAt[step].mul(s.dcGates, s.dzGatesAt[step]);
      dht.mul(s.poAt[step], s.dzOAt[step]);
      if (step > 0) {
        s.dc.mul(s.zAt[1][step], s.dcNext);
        Nd4j.gemm(s.dzAt[step], rw, s.dhAt[step - 1], false, true, 1.0, 1.0);
      }
    }
    INDArray gw = gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY);
    INDArray grw = gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
    INDArray gb = gradientViews.get(LSTMParamInitializer.BIAS_KEY);
    Nd4j.gemm(s.x, s.dz, gw, true, false, 1.0, 0.0);
    Nd4j.gemm(s.h.get(interval(0, rows), all()), s.dz, grw, true, false, 1.0, 0.0);
    gb.assign(s.dz.sum(true, 0));
    Nd4j.gemm(s.dz, w, s.dx, false, true, 1.0, 0.0);

    Gradient gradient = new DefaultGradient(gradientsFlattened);
    gradient.gradientForVariable().put(LSTMParamInitializer.INPUT_WEIGHT_KEY, gw);
    gradient.gradientForVariable().put(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, grw);
    gradient.gradientForVariable().put(LSTMParamInitializer.BIAS_KEY, gb);
    this.gradient = gradient;
    INDArray epsilonOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
        new long[] {b, nIn, t}, 'c');
    epsilonOut.assign(s.dx.reshape(t, b, nIn).permute(1, 2, 0));
    return new Pair<>(gradient, epsilonOut);
  }

  @Override
  public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
    throw new UnsupportedOperationException("SequenceLstm scores whole sequences only");
  }
}
