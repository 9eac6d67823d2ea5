package dev.flotilla.ensembles.hdee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CombinerTest {

  /** Expert A gives the two targets 0.5 and 0.25, expert B 0.1 and 0.4. */
  private static final float[][] TWO = {
      {(float) Math.log(0.5), (float) Math.log(0.25)},
      {(float) Math.log(0.1), (float) Math.log(0.4)}};

  private static double[] probs(double[] logs) {
    double[] p = new double[logs.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(logs[i]);
    }
    return p;
  }

  @Test
  void handComputedMixtures() {
    assertThat(probs(Combiner.UNIFORM.mix(TWO, null))).containsExactly(new double[] {0.3, 0.325}, within(1e-6));
    // Before token 1 the posterior is 0.5*0.5 : 0.5*0.1 = 5/6 : 1/6.
    assertThat(probs(Combiner.POSTERIOR.mix(TWO, null)))
        .containsExactly(new double[] {0.3, 5.0 / 6 * 0.25 + 1.0 / 6 * 0.4}, within(1e-6));
    assertThat(probs(Combiner.CACHED_PRIOR.mix(TWO, new double[] {0.8, 0.2})))
        .containsExactly(new double[] {0.42, 0.28}, within(1e-6));
    // Top-1: a tie at the start keeps the first expert; then A leads the posterior.
    assertThat(probs(Combiner.topK(1).mix(TWO, null))).containsExactly(new double[] {0.5, 0.25}, within(1e-6));
    assertThat(probs(Combiner.topK(2).mix(TWO, null))).containsExactly(probs(Combiner.POSTERIOR.mix(TWO, null)), within(1e-12));
  }

  @Test
  void cachedPriorIsTheMeanPosteriorOfTheSequences() {
    // Sequence 1: likelihoods 0.125 vs 0.04 -> 0.7576 / 0.2424; sequence 2: equal -> 0.5 / 0.5.
    float[][] equal = {{-1f, -2f}, {-2f, -1f}};
    double[] prior = Combiner.cachedPrior(List.of(TWO, equal));
    double first = 0.125 / (0.125 + 0.04);
    assertThat(prior).containsExactly(new double[] {(first + 0.5) / 2, (1 - first + 0.5) / 2}, within(1e-6));
    assertThat(prior[0] + prior[1]).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void namesParseAndBadOnesAreRefused() {
    assertThat(Combiner.of("top-3").topK()).isEqualTo(3);
    assertThat(Combiner.of("cached-prior")).isEqualTo(Combiner.CACHED_PRIOR);
    assertThatThrownBy(() -> Combiner.of("argmax")).hasMessageContaining("unknown combiner 'argmax'");
    assertThatThrownBy(() -> Combiner.CACHED_PRIOR.mix(TWO, new double[] {1})).hasMessageContaining("needs 2 weights");
  }

  private static float[][] randomExperts(long seed, int experts, int len) {
    Random r = new Random(seed);
    float[][] lp = new float[experts][len];
    for (float[] row : lp) {
      for (int t = 0; t < len; t++) {
        row[t] = (float) Math.log(0.001 + r.nextDouble());
      }
    }
    return lp;
  }

  /**
   * Bayes' rule, exactly: with a uniform prior the posterior mixture's sequence probability is
   * the uniform mixture of the experts' sequence probabilities.
   */
  @Property(tries = 200)
  void posteriorChainRuleEqualsTheMixtureOfSequenceLikelihoods(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 6) int experts, @ForAll @IntRange(min = 1, max = 40) int len) {
    float[][] lp = randomExperts(seed, experts, len);
    double total = 0;
    for (double v : Combiner.POSTERIOR.mix(lp, null)) {
      total += v;
    }
    double[] seq = new double[experts];
    for (int e = 0; e < experts; e++) {
      for (float v : lp[e]) {
        seq[e] += v;
      }
    }
    double expected = Combiner.logSumExp(seq) - Math.log(experts);
    assertThat(total).isCloseTo(expected, within(1e-6 * Math.max(1, Math.abs(expected))));
  }

  /** Weights sum to 1 for every combiner: where every expert is certain, so is the mixture. */
  @Property(tries = 200)
  void weightsSumToOneAtEveryPosition(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int experts,
      @ForAll @IntRange(min = 2, max = 30) int len, @ForAll @IntRange(min = 0, max = 29) int certainAt) {
    float[][] lp = randomExperts(seed, experts, len);
    int t = certainAt % len;
    for (float[] row : lp) {
      row[t] = 0f;
    }
    double[] prior = new double[experts];
    Random r = new Random(seed + 1);
    double s = 0;
    for (int e = 0; e < experts; e++) {
      prior[e] = 0.01 + r.nextDouble();
      s += prior[e];
    }
    for (int e = 0; e < experts; e++) {
      prior[e] /= s;
    }
    for (Combiner c : List.of(Combiner.UNIFORM, Combiner.POSTERIOR, Combiner.CACHED_PRIOR, Combiner.topK(2))) {
      assertThat(c.mix(lp, prior)[t]).as(c.name()).isCloseTo(0.0, within(1e-9));
    }
    // And the uniform prior is where the posterior starts.
    assertThat(Combiner.POSTERIOR.mix(lp, null)[0]).isCloseTo(Combiner.UNIFORM.mix(lp, null)[0], within(1e-12));
  }
}
