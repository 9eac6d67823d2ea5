package dev.flotilla.driver.testing;

import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitKindProvider;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Unit kinds for the driver's tests: real units that write files, fail on demand, or read inputs. */
public final class DriverTestUnits implements UnitKindProvider {

  @Override
  public Map<String, Class<? extends WorkUnit>> unitKinds() {
    return Map.of("driver-test-echo", Echo.class, "driver-test-tick", Tick.class);
  }

  /**
   * Writes {@code text} to {@code echo.txt} and reports its length. Fails while the file
   * {@code failMarker} (if not empty) holds a positive count, decrementing it: "fail the first n
   * attempts", across JVMs and threads. A marker {@code always:<message>} fails every attempt.
   */
  public record Echo(String label, String text, double cost, String failMarker) implements WorkUnit {
    @Override public String kind() { return "driver-test-echo"; }
    @Override public String name() { return label; }

    @Override
    public UnitOutput execute(UnitContext ctx) throws Exception {
      if (failMarker.startsWith("always:")) {
        throw new IllegalStateException(failMarker.substring("always:".length()));
      }
      if (!failMarker.isEmpty()) {
        Path marker = Path.of(failMarker);
        synchronized (Echo.class) {
          int left = Files.exists(marker) ? Integer.parseInt(Files.readString(marker).trim()) : 0;
          if (left > 0) {
            Files.writeString(marker, Integer.toString(left - 1));
            throw new IllegalStateException("failing on purpose, " + left + " left");
          }
        }
      }
      try (OutputStream out = ctx.fs().create(new org.apache.hadoop.fs.Path(ctx.outputDir(), "echo.txt"))) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      return UnitOutput.builder().metric("chars", text.length()).fact("label", label).build();
    }
  }

  /** Writes nothing and reports its index: the engine's own cost per unit, for runs of thousands. */
  public record Tick(int index) implements WorkUnit {
    @Override public String kind() { return "driver-test-tick"; }
    @Override public String name() { return "tick-" + index; }
    @Override public double cost() { return 0; }

    @Override
    public UnitOutput execute(UnitContext ctx) {
      return UnitOutput.builder().metric("index", index).build();
    }
  }
}
