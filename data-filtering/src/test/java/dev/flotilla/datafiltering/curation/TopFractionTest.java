package dev.flotilla.datafiltering.curation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The streamed two-pass threshold equals a sort of all scores. */
class TopFractionTest {

  static List<TopFraction.ScoreShard> shards(float[] scores, int parts) {
    List<TopFraction.ScoreShard> out = new ArrayList<>();
    int per = (scores.length + parts - 1) / parts;
    for (int p = 0; p < parts; p++) {
      int from = Math.min(scores.length, p * per);
      int to = Math.min(scores.length, from + per);
      out.add(sink -> {
        for (int i = from; i < to; i++) {
          sink.accept(scores[i]);
        }
      });
    }
    return out;
  }

  @Property(tries = 200)
  void equalsTheSortBasedReference(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5000) int n,
      @ForAll @DoubleRange(min = 0.001, max = 1.0) @net.jqwik.api.constraints.Scale(4) double fraction, @ForAll @IntRange(min = 1, max = 7) int parts) throws Exception {
    Random rng = new Random(seed);
    float[] scores = new float[n];
    for (int i = 0; i < n; i++) {
      // Mix of ranges and deliberate ties, negatives included (cosine similarities are in [-1, 1]).
      scores[i] = rng.nextInt(4) == 0 ? Math.round(rng.nextGaussian() * 4) / 4f : (float) (rng.nextDouble() * 2 - 1);
    }
    TopFraction.Result r = TopFraction.of(shards(scores, parts), fraction);
    float[] sorted = scores.clone();
    Arrays.sort(sorted);
    long k = Math.max(1, Math.min(n, (long) Math.ceil(fraction * n - 1e-9)));
    float reference = sorted[(int) (n - k)];
    assertThat(r.threshold()).isEqualTo(reference);
    long kept = 0;
    for (float s : scores) {
      kept += s >= reference ? 1 : 0;
    }
    assertThat(r.kept()).isEqualTo(kept);
    assertThat(r.poolSize()).isEqualTo(n);
  }

  @Test
  void dfn2bKeepsFifteenPercent() throws Exception {
    float[] s = new float[100_000];
    for (int i = 0; i < s.length; i++) {
      s[i] = i / 100_000f;
    }
    TopFraction.Result r = TopFraction.of(shards(s, 10), 0.15);
    assertThat(r.kept()).isEqualTo(15_000);
    assertThat(r.threshold()).isEqualTo(85_000 / 100_000f);
  }

  @Test
  void badFractionsAndEmptyPools() {
    assertThatThrownBy(() -> TopFraction.of(shards(new float[] {1}, 1), 0)).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> TopFraction.of(shards(new float[0], 1), 0.3)).hasMessageContaining("empty");
    assertThatThrownBy(() -> TopFraction.of(shards(new float[] {Float.NaN}, 1), 0.3)).hasMessageContaining("NaN");
  }
}
