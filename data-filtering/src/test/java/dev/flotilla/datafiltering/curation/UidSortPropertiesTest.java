package dev.flotilla.datafiltering.curation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The uid array's in-place sort orders pairs as unsigned 128-bit numbers, as NumPy sorts them. */
class UidSortPropertiesTest {

  @Property(tries = 300)
  void pairsComeOutInUnsigned128BitOrder(@ForAll @Size(max = 64) List<Long> highs, @ForAll long seed) {
    int n = highs.size();
    long[] high = new long[n];
    long[] low = new long[n];
    java.util.Random random = new java.util.Random(seed);
    List<BigInteger> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Some equal high halves (so the low halves decide) and both signs of each half.
      high[i] = random.nextInt(4) == 0 && i > 0 ? high[i - 1] : highs.get(i);
      low[i] = random.nextBoolean() ? random.nextLong() : random.nextInt(3) - 1;
      expected.add(unsigned128(high[i], low[i]));
    }
    expected.sort(Comparator.naturalOrder());

    UidArray.sortUnsigned(high, low);

    List<BigInteger> got = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      got.add(unsigned128(high[i], low[i]));
    }
    assertThat(got).containsExactlyElementsOf(expected);
  }

  private static BigInteger unsigned128(long high, long low) {
    return new BigInteger(Long.toUnsignedString(high)).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(low)));
  }
}
