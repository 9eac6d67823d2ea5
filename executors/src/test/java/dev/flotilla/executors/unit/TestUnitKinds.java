package dev.flotilla.executors.unit;

import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.backend.ModelSpec;
import dev.flotilla.executors.backend.TrainableModel;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.fs.Path;

/** Unit kinds for the executors' own tests. */
public final class TestUnitKinds implements UnitKindProvider {

  @Override
  public Map<String, Class<? extends WorkUnit>> unitKinds() {
    return Map.of("test-write", WriteUnit.class, "test-fail", FailUnit.class,
        "test-train", TrainUnit.class);
  }

  /** Writes {@code text} to {@code out.txt}. */
  public record WriteUnit(String label, String text, List<Integer> sizes) implements WorkUnit {
    @Override public String kind() { return "test-write"; }
    @Override public String name() { return label; }
    @Override public double cost() { return text.length(); }

    @Override
    public UnitOutput execute(UnitContext ctx) throws Exception {
      try (OutputStream out = ctx.fs().create(new Path(ctx.outputDir(), "out.txt"))) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      return UnitOutput.builder().metric("chars", text.length()).fact("label", label).build();
    }
  }

  /** Writes a file, then throws: nothing of it may become visible. */
  public record FailUnit(String label) implements WorkUnit {
    @Override public String kind() { return "test-fail"; }
    @Override public String name() { return label; }
    @Override public double cost() { return 1; }

    @Override
    public UnitOutput execute(UnitContext ctx) throws Exception {
      try (OutputStream out = ctx.fs().create(new Path(ctx.outputDir(), "partial.txt"))) {
        out.write(1);
      }
      throw new IllegalStateException("failing on purpose in " + label);
    }
  }

  /**
   * Trains a small classifier on random data with the unit's budget; reports the threads its
   * batches ran with (lowest and highest) and the budget it was given.
   */
  public record TrainUnit(String label, String backend, int steps) implements WorkUnit {
    @Override public String kind() { return "test-train"; }
    @Override public String name() { return label; }
    @Override public double cost() { return steps; }

    @Override
    public UnitOutput execute(UnitContext ctx) throws Exception {
      ModelSpec spec = new ModelSpec(ModelSpec.MLP, List.of(32), 1, 28, 28, 10, 1e-3);
      Random r = new Random(ctx.seed());
      float[] x = new float[16 * 784];
      int[] y = new int[16];
      for (int i = 0; i < x.length; i++) {
        x[i] = r.nextFloat();
      }
      for (int i = 0; i < y.length; i++) {
        y[i] = r.nextInt(10);
      }
      int min = Integer.MAX_VALUE;
      int max = 0;
      try (TrainableModel m = Backends.require(backend, TrainableModel.FAMILY, spec.kind())
          .build(spec, ctx.seed(), ctx.budget())) {
        for (int s = 0; s < steps; s++) {
          m.trainStep(x, y, 16);
          min = Math.min(min, m.threads());
          max = Math.max(max, m.threads());
        }
      }
      return UnitOutput.builder().fact("budget_cpus", Integer.toString(ctx.budget().cpus()))
          .fact("threads_min", Integer.toString(min)).fact("threads_max", Integer.toString(max))
          .build();
    }
  }
}
