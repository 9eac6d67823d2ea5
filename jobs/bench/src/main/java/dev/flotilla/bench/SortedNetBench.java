package dev.flotilla.bench;

import dev.flotilla.executors.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.ensembles.sortednet.DjlNestedModel;
import dev.flotilla.ensembles.sortednet.SortedNetSpec;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.data.FashionMnist;
import dev.flotilla.executors.data.LabeledImages;
import dev.flotilla.executors.unit.ComputeBudget;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training throughput of a nested model's largest network (one thread), the Flotilla side of
 * {@code scripts/bench-sortednet}: the same optimizer step as the PyTorch peer (Adam, batch,
 * softmax cross-entropy), on the same Fashion-MNIST batches. Prints one JSON line.
 *
 * <p>Usage: {@code SortedNetBench WIDTH DEPTH BATCH MIN_SECONDS}
 */
public final class SortedNetBench {

  public static void main(String[] args) throws Exception {
    int width = Integer.parseInt(args[0]);
    int depth = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    double minSeconds = Double.parseDouble(args[3]);
    LabeledImages train = FashionMnist.train(Path.of(FashionMnist.DEBIAN_DIR));
    SortedNetSpec spec = new SortedNetSpec(SortedNetSpec.MLP, width, depth, 1, 28, 28, 10, 1e-3);
    float[] x = new float[batch * 784];
    int[] y = new int[batch];
    int[] order = train.permutation(42);
    int perEpoch = train.size() / batch;
    try (DjlNestedModel m = Backends.forKind(DjlNestedModel.FAMILY, spec.kind()).build(spec, 42, ComputeBudget.ofCpus(1))) {
      double first = Double.NaN;
      double loss = Double.NaN;
      for (int i = 0; i < 5; i++) {
        train.gather(order, (i % perEpoch) * batch, batch, x, y);
        loss = m.step(x, y, batch, List.of(spec.largest()), 0, 1);
        if (i == 0) {
          first = loss;
        }
      }
      int steps = 0;
      long t0 = System.nanoTime();
      double seconds;
      do {
        train.gather(order, ((5 + steps) % perEpoch) * batch, batch, x, y);
        loss = m.step(x, y, batch, List.of(spec.largest()), 0, 1);
        steps++;
        seconds = (System.nanoTime() - t0) / 1e9;
      } while (steps < 10 || seconds < minSeconds);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("side", "flotilla-djl-nested");
      out.put("parameters", m.parameterCount());
      out.put("batch", batch);
      out.put("timed_steps", steps);
      out.put("seconds", seconds);
      out.put("examples_per_s", steps * batch / seconds);
      out.put("first_loss", first);
      out.put("last_loss", loss);
      System.out.println(Json.PLAIN.writeValueAsString(out));
    }
  }
}
