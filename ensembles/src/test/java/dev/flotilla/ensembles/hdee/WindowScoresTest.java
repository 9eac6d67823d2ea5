package dev.flotilla.ensembles.hdee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WindowScoresTest {

  private static final double LN2 = Math.log(2);

  /**
   * Two windows: 1 byte at 1 bit, 3 bytes at 3 bits each. Bits per byte is total bits over total
   * bytes, (1 + 9) / 4 = 2.5 (not the mean of the windows' 1 and 3). A resample is both first (p
   * 1/4, 1 bit), one of each (p 1/2, 2.5) or both second (p 1/4, 3): the 95% interval is [1, 3],
   * and the 40% one (quantiles 0.3 and 0.7) is [2.5, 2.5].
   */
  @Test
  void bootstrapIntervalOfAHandComputedCase() {
    WindowScores s = new WindowScores(2);
    s.add(new double[] {-1 * LN2}, new int[] {'a'});
    s.add(new double[] {-3 * LN2, -3 * LN2, -3 * LN2, -5}, new int[] {'b', 'c', 'd', 256}); // marker not counted
    assertThat(s.windows()).isEqualTo(2);
    assertThat(s.bytes()).isEqualTo(4);
    assertThat(s.bitsPerByte()).isCloseTo(2.5, within(1e-12));
    WindowScores.Interval ci = s.interval(1000, 0.95, 7);
    assertThat(ci.low()).isCloseTo(1.0, within(1e-12));
    assertThat(ci.high()).isCloseTo(3.0, within(1e-12));
    WindowScores.Interval narrow = s.interval(1000, 0.4, 7);
    assertThat(narrow.low()).isCloseTo(2.5, within(1e-12));
    assertThat(narrow.high()).isCloseTo(2.5, within(1e-12));
    assertThat(s.interval(1000, 0.95, 7)).as("same seed, same resamples").isEqualTo(ci);
  }

  @Test
  void intervalsApartOnlyWhenTheyDoNotOverlap() {
    assertThat(new WindowScores.Interval(1, 2).apart(new WindowScores.Interval(2.5, 3))).isTrue();
    assertThat(new WindowScores.Interval(2.5, 3).apart(new WindowScores.Interval(1, 2))).isTrue();
    assertThat(new WindowScores.Interval(1, 2.6).apart(new WindowScores.Interval(2.5, 3))).isFalse();
  }
}
