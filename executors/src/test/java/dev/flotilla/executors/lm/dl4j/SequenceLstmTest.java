package dev.flotilla.executors.lm.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flotilla.executors.lm.LmSpec;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** SequenceLstm computes what DL4J's own LSTM computes: outputs, gradients, and so the Adam steps. */
class SequenceLstmTest {

  private static final LmSpec SPEC = new LmSpec(LmSpec.LSTM, 2, 24, 0, 0, 16, 1e-2);

  private static MultiLayerNetwork stock(long seed) {
    MultiLayerNetwork net = new MultiLayerNetwork(Dl4jLstmLm.configuration(SPEC, seed));
    net.init();
    return net;
  }

  private static INDArray ids(Random r, int b, int t) {
    INDArray a = Nd4j.create(DataType.FLOAT, b, 1, t);
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < t; j++) {
        a.putScalar(new int[] {i, 0, j}, r.nextInt(258));
      }
    }
    return a;
  }

  @Test
  void matchesDl4jsLstmInOutputsAndTrainingSteps() {
    MultiLayerNetwork reference = stock(4);
    MultiLayerNetwork fast = stock(4);
    fast.setLayers(SequenceLstm.install(fast.getLayers()));
    assertThat(fast.getLayer(1)).isInstanceOf(SequenceLstm.class);
    Random r = new Random(1);
    for (int step = 0; step < 3; step++) {
      INDArray x = ids(r, 5, 11);
      INDArray y = ids(r, 5, 11);
      INDArray expected = reference.output(x, false);
      assertThat(maxDiff(fast.output(x, false), expected)).isLessThan(1e-5);
      // Raw gradients (before Adam turns them into updates), relative to their largest entry.
      INDArray expectedGradient = gradient(reference, x, y);
      double scale = expectedGradient.amaxNumber().doubleValue();
      assertThat(maxDiff(gradient(fast, x, y), expectedGradient)).isLessThan(1e-4 * scale);
      reference.fit(x, y);
      fast.fit(x, y);
      assertThat(fast.score()).isCloseTo(reference.score(), within(1e-4));
      assertThat(maxDiff(fast.params(), reference.params())).isLessThan(1e-5);
    }
  }

  private static INDArray gradient(MultiLayerNetwork net, INDArray x, INDArray y) {
    net.setInput(x);
    net.setLabels(y);
    net.computeGradientAndScore();
    return net.gradient().gradient().dup();
  }

  private static double maxDiff(INDArray a, INDArray b) {
    return a.sub(b).amaxNumber().doubleValue();
  }
}
