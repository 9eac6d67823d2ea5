package dev.flotilla.ensembles.sortednet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.executors.backend.NamedArrays;
import dev.flotilla.executors.backend.djl.TorchArrays;
import dev.flotilla.executors.backend.djl.TorchThreads;
import dev.flotilla.executors.export.Exportable;
import dev.flotilla.executors.export.PortableModel;
import dev.flotilla.executors.export.Tensor;
import dev.flotilla.executors.json.Json;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One sub-network exported as a smaller, self-contained network: its weights are copies of the
 * sliced parts of the nested model, so its size and latency are those of the small network.
 * File format: magic, JSON header (spec, sub-network), then named float32 arrays.
 */
public final class StandaloneNet implements AutoCloseable, Exportable {

  private static final int MAGIC = 0x464c5353; // "FLSS"
  private static final ObjectMapper JSON = Json.PLAIN;

  private final SortedNetSpec spec;
  private final SubNetwork sub;
  private final Map<String, float[]> weights;
  private final Map<String, long[]> shapes;
  private NDManager manager;
  private Map<String, NDArray> arrays;

  StandaloneNet(SortedNetSpec spec, SubNetwork sub, Map<String, float[]> weights, Map<String, long[]> shapes) {
    this.spec = spec;
    this.sub = sub;
    this.weights = weights;
    this.shapes = shapes;
  }

  public SortedNetSpec spec() { return spec; }
  public SubNetwork subNetwork() { return sub; }

  public long parameterCount() {
    return weights.values().stream().mapToLong(w -> w.length).sum();
  }

  private Map<String, NDArray> arrays() {
    if (arrays == null) {
      manager = NDManager.newBaseManager(TorchThreads.engine().defaultDevice(), "PyTorch");
      arrays = new LinkedHashMap<>();
      weights.forEach((k, v) -> arrays.put(k, TorchArrays.of(manager, v, new Shape(shapes.get(k)))));
    }
    return arrays;
  }

  /** Class probabilities, n × classes row-major. */
  public float[] probabilities(float[] x, int n) {
    Map<String, NDArray> p = arrays();
    boolean mlp = SortedNetSpec.MLP.equals(spec.kind());
    try (NDManager scope = manager.newSubManager()) {
      float[] data = x.length == (long) n * spec.inputSize() ? x : java.util.Arrays.copyOf(x, n * spec.inputSize());
      NDArray h = TorchArrays.of(scope, data, mlp ? new Shape(n, spec.inputSize())
          : new Shape(n, spec.channels(), spec.height(), spec.imageWidth()));
      for (int b = 0; b < sub.depth(); b++) {
        NDArray z = mlp
            ? Linear.linear(h, p.get("w" + b), p.get("b" + b)).singletonOrThrow()
            : Conv2d.conv2d(h, p.get("w" + b), p.get("b" + b), new Shape(1, 1), new Shape(1, 1),
                new Shape(1, 1), 1).singletonOrThrow();
        h = spec.blockOutput(b, h, z);
      }
      if (!mlp) {
        h = SortedNetSpec.toHeadInput(h, sub.depth());
      }
      return Linear.linear(h, p.get("head_w"), p.get("head_b")).singletonOrThrow().softmax(1).toFloatArray();
    }
  }

  /** Median latency of one example (batch 1), in milliseconds, over {@code repeats} runs. */
  public double latencyMillis(float[] x, int repeats) {
    float[] one = java.util.Arrays.copyOf(x, spec.inputSize());
    for (int i = 0; i < 20; i++) {
      probabilities(one, 1); // warm-up
    }
    double[] t = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime();
      probabilities(one, 1);
      t[i] = (System.nanoTime() - t0) / 1e6;
    }
    java.util.Arrays.sort(t);
    return t[repeats / 2];
  }

  public void save(OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(MAGIC);
    byte[] header = JSON.writeValueAsBytes(Map.of("spec", spec, "subNetwork", sub));
    data.writeInt(header.length);
    data.write(header);
    data.writeInt(weights.size());
    for (Map.Entry<String, float[]> w : weights.entrySet()) {
      writeArray(data, w.getKey(), shapes.get(w.getKey()), w.getValue());
    }
    data.flush();
  }

  /**
   * This sub-network in the portable format: weights as safetensors (float32, PyTorch's layouts:
   * linear (out, in), conv (out, in, 3, 3)) and a small JSON description of the architecture
   * that {@code flotilla_portable.py} (in executors, and in the README) turns into a PyTorch
   * forward pass.
   */
  @Override
  public PortableModel portable() {
    List<Tensor> tensors = new ArrayList<>();
    this.weights.forEach((k, v) -> tensors.add(new Tensor(k, shapes.get(k), v)));
    return new PortableModel(tensors, portableConfig());
  }

  /** Writes {@link #portable()}: {@code weights} as safetensors, {@code config} as JSON. */
  public void writePortable(OutputStream weights, OutputStream config) throws IOException {
    portable().write(weights, config);
  }

  /** Names the portable config's layout; a change of layout gets a new name. */
  public static final String PORTABLE_FORMAT = "flotilla-sortednet-subnetwork-v1";
  /** v1 plus residual blocks: a loader that knows only v1 refuses it rather than misreading it. */
  public static final String PORTABLE_FORMAT_RESIDUAL = "flotilla-sortednet-subnetwork-v2";

  /** The architecture as the Python loader reads it. */
  public Map<String, Object> portableConfig() {
    boolean mlp = SortedNetSpec.MLP.equals(spec.kind());
    java.util.List<Map<String, Object>> blocks = new java.util.ArrayList<>();
    for (int b = 0; b < sub.depth(); b++) {
      Map<String, Object> block = new LinkedHashMap<>();
      block.put("op", mlp ? "linear" : "conv2d");
      block.put("weight", "w" + b);
      block.put("bias", "b" + b);
      if (!mlp) {
        block.put("padding", 1);
        block.put("max_pool_after", b < SortedNetSpec.CNN_POOLED_BLOCKS ? 2 : 0);
      }
      block.put("activation", "relu");
      if (spec.residualAt(b)) {
        block.put("residual", true); // output = input + relu(op(input)), before any pooling
      }
      blocks.add(block);
    }
    Map<String, Object> head = new LinkedHashMap<>();
    head.put("max_pool_before", !mlp && sub.depth() < SortedNetSpec.CNN_POOLED_BLOCKS ? 2 : 0);
    head.put("flatten", "channel-major");
    head.put("weight", "head_w");
    head.put("bias", "head_b");
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("format", spec.residual() ? PORTABLE_FORMAT_RESIDUAL : PORTABLE_FORMAT);
    c.put("kind", spec.kind());
    c.put("subnetwork", sub.label());
    c.put("units", sub.units(spec.width()));
    c.put("input_shape", java.util.List.of(spec.channels(), spec.height(), spec.imageWidth()));
    c.put("input", "pixels in [0, 1], channel-major");
    c.put("classes", spec.classes());
    c.put("blocks", blocks);
    c.put("head", head);
    c.put("output", "logits; softmax over dim 1 gives the class probabilities");
    return c;
  }

  public static StandaloneNet load(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    if (data.readInt() != MAGIC) {
      throw new IOException("not an exported Flotilla sub-network (bad magic)");
    }
    byte[] header = new byte[data.readInt()];
    data.readFully(header);
    var node = JSON.readTree(header);
    SortedNetSpec spec = JSON.treeToValue(node.get("spec"), SortedNetSpec.class);
    SubNetwork sub = JSON.treeToValue(node.get("subNetwork"), SubNetwork.class);
    int n = data.readInt();
    Map<String, float[]> w = new LinkedHashMap<>();
    Map<String, long[]> s = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      NamedArrays.Named a = readArray(data);
      w.put(a.name(), a.data());
      s.put(a.name(), a.shape());
    }
    return new StandaloneNet(spec, sub, w, s);
  }

  static void writeArray(DataOutputStream out, String name, long[] shape, float[] values) throws IOException {
    NamedArrays.writeOne(out, new NamedArrays.Named(name, shape, values));
  }

  static NamedArrays.Named readArray(DataInputStream in) throws IOException {
    return NamedArrays.readOne(in);
  }

  @Override
  public void close() {
    if (manager != null) {
      manager.close();
    }
  }
}
