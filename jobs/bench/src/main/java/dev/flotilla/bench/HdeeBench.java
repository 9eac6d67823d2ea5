package dev.flotilla.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.backend.djl.TorchThreads;
import dev.flotilla.executors.lm.ByteTokens;
import dev.flotilla.executors.lm.LanguageModel;
import dev.flotilla.executors.lm.LmSpec;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Training throughput of one HDEE expert in this JVM — the djl transformer or the dl4j LSTM —
 * printed as one JSON line on stdout. scripts/bench-hdee starts a fresh JVM per model and runs
 * bench/peer_lm.py, the same model in Debian's PyTorch, beside it.
 *
 * <p>Batches are random windows of {@code context + 1} byte tokens of one text file.
 */
@Command(name = "hdee-bench", mixinStandardHelpOptions = true,
    description = "Measure training tokens/s of one language-model expert; prints one JSON line.")
public final class HdeeBench implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "transformer (djl) or lstm (dl4j)")
  String model;

  @Option(names = "--cost-only",
      description = "print only LmSpec's parameters and FLOPs (no backend is loaded)")
  boolean costOnly;

  @Option(names = "--layers", description = "default: 4 (transformer), 2 (lstm)")
  Integer layers;

  @Option(names = "--d-model", description = "width / LSTM hidden size; default: 128 (transformer), 256 (lstm)")
  Integer dModel;

  @Option(names = "--heads", defaultValue = "4", description = "transformer only")
  int heads;

  @Option(names = "--mlp-width", description = "transformer only; default: 4 x d-model (HDEE's M expert)")
  Integer mlpWidth;

  @Option(names = "--context", defaultValue = "128")
  int context;

  @Option(names = "--batch", defaultValue = "16")
  int batch;

  @Option(names = "--lr", defaultValue = "0.001")
  double learningRate;

  @Option(names = "--text", description = "text file whose bytes are the training tokens")
  Path text;

  @Mixin
  StepTimer timer = new StepTimer();

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  public static void main(String[] args) {
    System.exit(BackendBench.execute(new HdeeBench(), "hdee-bench", args));
  }

  /** The expert measured: HDEE's M size for the transformer, a 2-layer LSTM of 256 units. */
  LmSpec spec() {
    return switch (model) {
      case LmSpec.TRANSFORMER -> {
        int d = dModel == null ? 128 : dModel;
        yield new LmSpec(model, layers == null ? 4 : layers, d, heads, mlpWidth == null ? 4 * d : mlpWidth,
            context, learningRate);
      }
      case LmSpec.LSTM -> new LmSpec(model, layers == null ? 2 : layers, dModel == null ? 256 : dModel, 0, 0,
          context, learningRate);
      default -> throw new IllegalArgumentException("--model must be transformer or lstm, got '" + model + "'");
    };
  }

  @Override
  public Integer call() throws Exception {
    LmSpec spec = spec();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", model);
    out.put("spec", spec.describe());
    out.put("layers", spec.layers());
    out.put("d_model", spec.dModel());
    out.put("heads", spec.heads());
    out.put("mlp_width", spec.mlpWidth());
    out.put("context", spec.context());
    out.put("parameters_expected", spec.parameters());
    out.put("train_flops_per_token", spec.trainFlopsPerToken());
    if (!costOnly) {
      measure(spec, out);
    }
    System.out.println(BackendBench.json(out));
    return 0;
  }

  private void measure(LmSpec spec, Map<String, Object> out) throws IOException {
    if (text == null) {
      throw new IllegalArgumentException("--text is required to measure");
    }
    int[] tokens = ByteTokens.encode(Files.readAllBytes(text));
    int len = spec.context() + 1;
    if (tokens.length < 2 * len) {
      throw new IllegalArgumentException(text + " has " + tokens.length + " bytes, need at least " + 2 * len);
    }
    ComputeBudget budget = ComputeBudget.ofCpus(timer.threads); // the model applies it per batch
    var backend = Backends.forKind(LanguageModel.FAMILY, spec.kind());
    Random random = new Random(seed);
    int[][] rows = new int[batch][len];
    try (LanguageModel m = backend.build(spec, seed, budget)) {
      // Sampling the windows stays inside the timed steps, as in the peer.
      StepTimer.Timed t = timer.run(step -> {
        for (int[] row : rows) {
          System.arraycopy(tokens, random.nextInt(tokens.length - len), row, 0, len);
        }
        return m.trainStep(rows, spec.learningRate());
      });
      double tokensPerSecond = t.perSecond((double) batch * spec.context());
      out.put("side", backend.backend());
      out.put("parameters", m.parameterCount());
      out.put("batch", batch);
      out.put("threads", timer.threads);
      out.put("warmup_steps", t.warmupSteps());
      out.put("timed_steps", t.timedSteps());
      out.put("seconds", t.seconds());
      out.put("tokens_per_s", tokensPerSecond);
      out.put("gflops", tokensPerSecond * spec.trainFlopsPerToken() / 1e9);
      out.put("first_loss", t.firstLoss());
      out.put("last_loss", t.lastLoss());
      out.put("peak_rss_mb", peakRssMb());
      // The library's own matrix-product rate at the same thread count, to tell kernel speed
      // from per-op overhead: libtorch (MKL) for djl, nd4j-native (OpenBLAS) for dl4j.
      out.put("library_sgemm_gflops_n1024", LmSpec.TRANSFORMER.equals(spec.kind()) ? djlSgemm(1024) : nd4jSgemm(1024));
      out.put("text_bytes", tokens.length);
      out.put("java", System.getProperty("java.version"));
    }
  }

  private static double djlSgemm(int n) {
    try (NDManager m = NDManager.newBaseManager(TorchThreads.engine().defaultDevice(), "PyTorch")) {
      NDArray a = m.randomNormal(new Shape(n, n));
      NDArray b = m.randomNormal(new Shape(n, n));
      return gflops(n, () -> a.matMul(b).close());
    }
  }

  private static double nd4jSgemm(int n) {
    INDArray a = Nd4j.randn(DataType.FLOAT, n, n);
    INDArray b = Nd4j.randn(DataType.FLOAT, n, n);
    INDArray c = Nd4j.create(DataType.FLOAT, n, n);
    return gflops(n, () -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0));
  }

  /** n×n×n products per second for 2 s (after one untimed), as GFLOP/s. */
  private static double gflops(int n, Runnable product) {
    product.run();
    int reps = 0;
    long t0 = System.nanoTime();
    while (System.nanoTime() - t0 < 2_000_000_000L || reps < 3) {
      product.run();
      reps++;
    }
    return reps * 2.0 * n * n * n / ((System.nanoTime() - t0) / 1e9) / 1e9;
  }

  /** VmHWM of this process (peak resident set: heap, native buffers and libraries), in MB. */
  static double peakRssMb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }
}
