package dev.flotilla.executors.unit;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/** Unit kinds for the executors' own tests. */
public final class TestUnitKinds implements UnitKindProvider {

  @Override
  public Map<String, Class<? extends WorkUnit>> unitKinds() {
    return Map.of("test-write", WriteUnit.class, "test-fail", FailUnit.class);
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
}
