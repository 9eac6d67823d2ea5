package dev.flotilla.ensembles.sortednet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.backend.NamedArrays;
import dev.flotilla.executors.export.SafeTensors;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The portable export (safetensors + JSON config) loaded by Debian's PyTorch
 * ({@code /usr/bin/python3}, package python3-torch) through {@code load_subnetwork.py} gives the
 * standalone network's probabilities within 1e-5.
 */
class PortableExportTest {

  private static final String PYTHON = "/usr/bin/python3";

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0} w{1} d{2}")
  @CsvSource({"mlp, 0.5, 1", "mlp, 1.0, 3", "cnn, 0.5, 1", "cnn, 1.0, 3"})
  void pytorchGivesTheSameOutputs(String kind, double width, int depth) throws Exception {
    assumeTrue(torchAvailable(), "Debian's python3-torch is not installed");
    SortedNetSpec spec = new SortedNetSpec(kind, 8, 3, 1, 28, 28, 10, 0.001);
    SubNetwork s = new SubNetwork(width, depth);
    int n = 16;
    float[] x = new float[n * spec.inputSize()];
    Random r = new Random(5);
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat();
    }
    float[] expected;
    try (DjlNestedModel model = Backends.forKind(DjlNestedModel.FAMILY, kind)
            .build(spec, 11, ComputeBudget.ofCpus(1));
         StandaloneNet net = model.export(s)) {
      expected = net.probabilities(x, n);
      try (OutputStream w = Files.newOutputStream(tmp.resolve("m.safetensors"));
           OutputStream c = Files.newOutputStream(tmp.resolve("m.json"))) {
        net.writePortable(w, c);
      }
      try (InputStream in = Files.newInputStream(tmp.resolve("m.safetensors"))) {
        List<NamedArrays.Named> back = SafeTensors.read(in);
        assertThat(back).extracting(NamedArrays.Named::name).startsWith("w0", "b0").endsWith("head_w", "head_b");
      }
    }
    Files.write(tmp.resolve("x.f32"), littleEndian(x));
    Path script = tmp.resolve("load_subnetwork.py");
    try (InputStream in = StandaloneNet.class.getResourceAsStream("load_subnetwork.py")) {
      Files.copy(in, script);
    }
    Process p = new ProcessBuilder(PYTHON, script.toString(), tmp.resolve("m.safetensors").toString(),
        tmp.resolve("m.json").toString(), tmp.resolve("x.f32").toString(), Integer.toString(n),
        tmp.resolve("y.f32").toString()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();
    float[] got = new float[expected.length];
    ByteBuffer.wrap(Files.readAllBytes(tmp.resolve("y.f32"))).order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer().get(got);
    double maxDiff = 0;
    for (int i = 0; i < got.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(got[i] - expected[i]));
    }
    assertThat(maxDiff).as("max |PyTorch - Flotilla| over %d probabilities", got.length).isLessThan(1e-5);
  }

  private static byte[] littleEndian(float[] x) {
    ByteBuffer b = ByteBuffer.allocate(4 * x.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(x);
    return b.array();
  }

  private static boolean torchAvailable() {
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
