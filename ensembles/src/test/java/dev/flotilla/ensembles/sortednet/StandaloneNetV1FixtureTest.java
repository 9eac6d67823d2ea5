package dev.flotilla.ensembles.sortednet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * A sub-network exported by {@code flotilla select --export} from a real sortednet run
 * (src/test/resources/fixtures/v1, see its README): today's loader still reads it and computes
 * the same function.
 */
class StandaloneNetV1FixtureTest {

  @Test
  void loadsTheV1ExportAndComputesTheRecordedProbabilities() throws Exception {
    try (InputStream in = StandaloneNetV1FixtureTest.class.getResourceAsStream("/fixtures/v1/subnetwork-w0.25-d1.bin");
         StandaloneNet net = StandaloneNet.load(in)) {
      assertThat(net.spec()).isEqualTo(new SortedNetSpec("mlp", 8, 4, 1, 28, 28, 10, 0.001));
      assertThat(net.subNetwork()).isEqualTo(new SubNetwork(0.25, 1));
      // 784 -> 2 -> 10: w0, b0, head_w, head_b.
      assertThat(net.parameterCount()).isEqualTo(784 * 2 + 2 + 2 * 10 + 10);

      float[] x = new float[2 * 784]; // a black image, then horizontal ramps
      for (int i = 0; i < 784; i++) {
        x[784 + i] = (i % 28) / 27f;
      }
      // Recorded when the fixture was made (libtorch 2.7.1 via DJL 0.36.0).
      float[] expected = {
          0.09712174f, 0.11702037f, 0.08273172f, 0.096742086f, 0.09592503f,
          0.09749873f, 0.09510183f, 0.11536706f, 0.113903716f, 0.08858767f,
          0.07724216f, 0.05061269f, 0.12552436f, 0.0806945f, 0.1247311f,
          0.13972361f, 0.103095256f, 0.07263053f, 0.10457931f, 0.121166505f};
      float[] p = net.probabilities(x, 2);
      assertThat(p).hasSize(20);
      for (int i = 0; i < p.length; i++) {
        assertThat(p[i]).as("probability %d", i).isCloseTo(expected[i], within(1e-5f));
      }
    }
  }
}
