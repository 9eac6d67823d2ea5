package dev.flotilla.bench;

import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.backend.ModelCost;
import dev.flotilla.executors.backend.ModelSpec;
import dev.flotilla.executors.backend.TrainableModel;
import dev.flotilla.executors.data.FashionMnist;
import dev.flotilla.executors.data.LabeledImages;
import dev.flotilla.executors.unit.ComputeBudget;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One training-throughput measurement: one backend, one model, in this JVM, printed as one JSON
 * line on stdout. scripts/bench-backends starts a fresh JVM per (backend, model) so that thread
 * pools and JIT state of one run never leak into the next; bench/peer_torch.py is the same
 * measurement for Debian's PyTorch.
 *
 * <p>The models are the sweep job's (see SweepJob): Fashion-MNIST 1x28x28, 10 classes, Adam.
 */
@Command(name = "backend-bench", mixinStandardHelpOptions = true,
    description = "Measure training examples/s of one backend on one model; prints one JSON line.")
public final class BackendBench implements Callable<Integer> {

  /** The two benchmark models; the python peer builds the same layers from the same widths. */
  static final Map<String, List<Integer>> WIDTHS = Map.of(
      ModelSpec.MLP, List.of(1024, 1024),
      ModelSpec.CNN, List.of(32, 64, 256));

  @Option(names = "--backend", description = "dl4j or djl (not needed with --cost-only)")
  String backend;

  @Option(names = "--model", required = true, description = "mlp or cnn")
  String model;

  @Option(names = "--cost-only",
      description = "print only ModelCost's parameters and FLOPs (no backend is loaded)")
  boolean costOnly;

  @Option(names = "--batch", defaultValue = "256")
  int batch;

  @Option(names = "--lr", defaultValue = "0.001")
  double learningRate;

  @Option(names = "--data", defaultValue = FashionMnist.DEBIAN_DIR)
  Path data;

  @Mixin
  StepTimer timer = new StepTimer();

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  public static void main(String[] args) {
    System.exit(execute(new BackendBench(), "backend-bench", args));
  }

  /**
   * Runs a benchmark command; a failure prints its trace for the log, then the reason as the
   * last line of stderr (the bench scripts show that line).
   */
  static int execute(Object command, String name, String[] args) {
    return new CommandLine(command)
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          e.printStackTrace(cmd.getErr());
          cmd.getErr().println(name + ": " + e);
          return 1;
        })
        .execute(args);
  }

  @Override
  public Integer call() throws Exception {
    List<Integer> widths = WIDTHS.get(model);
    if (widths == null) {
      throw new IllegalArgumentException("--model must be one of " + WIDTHS.keySet());
    }
    ModelSpec spec = new ModelSpec(model, widths, 1, 28, 28, FashionMnist.CLASS_NAMES.length,
        learningRate);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", model);
    out.put("spec", spec.label());
    out.put("parameters_expected", ModelCost.parameters(spec));
    out.put("train_flops_per_example", ModelCost.trainFlopsPerExample(spec));
    if (!costOnly) {
      if (backend == null) {
        throw new IllegalArgumentException("--backend is required (one of " + Backends.names() + ")");
      }
      measure(spec, out);
    }
    System.out.println(json(out));
    return 0;
  }

  private void measure(ModelSpec spec, Map<String, Object> out) throws Exception {
    ComputeBudget budget = ComputeBudget.ofCpus(timer.threads); // the model applies it per batch
    var b = Backends.require(backend, TrainableModel.FAMILY, spec.kind());
    LabeledImages train = FashionMnist.train(data);
    float[] x = new float[batch * train.exampleSize()];
    int[] y = new int[batch];
    int[] order = train.permutation(seed);
    int stepsPerEpoch = train.size() / batch;

    try (TrainableModel m = b.build(spec, seed, budget)) {
      // The batch copy stays inside the timed steps (the sweep pays it too; it is ~0.1 ms).
      StepTimer.Timed t = timer.run(step -> {
        train.gather(order, (step % stepsPerEpoch) * batch, batch, x, y);
        return m.trainStep(x, y, batch);
      });
      double examplesPerSecond = t.perSecond(batch);
      out.put("side", backend);
      out.put("parameters", m.parameterCount());
      out.put("batch", batch);
      out.put("threads", timer.threads);
      out.put("warmup_steps", t.warmupSteps());
      out.put("timed_steps", t.timedSteps());
      out.put("seconds", t.seconds());
      out.put("examples_per_s", examplesPerSecond);
      out.put("gflops", examplesPerSecond * ModelCost.trainFlopsPerExample(spec) / 1e9);
      out.put("first_loss", t.firstLoss());
      out.put("last_loss", t.lastLoss());
      out.put("java", System.getProperty("java.version"));
    }
  }

  /** Flat JSON object of strings and numbers; non-finite numbers become null (JSON has no NaN). */
  static String json(Map<String, Object> fields) {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append(quote(e.getKey())).append(": ");
      Object v = e.getValue();
      if (v instanceof Double d) {
        sb.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d) : "null");
      } else if (v instanceof Number || v instanceof Boolean) {
        sb.append(v);
      } else {
        sb.append(quote(String.valueOf(v)));
      }
    }
    return sb.append('}').toString();
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
