package dev.flotilla.datafiltering.curation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Kept uids answer membership as a set of the same uids would, and write DataComp's sorted array. */
class KeptUidsTest {

  @Property(tries = 50)
  void membershipAndTheWrittenArrayMatchAPlainSet(@ForAll @IntRange(max = 5000) int n,
      @ForAll @IntRange(max = 6000) int expectedSize, @ForAll long seed) throws Exception {
    Random random = new Random(seed);
    KeptUids kept = new KeptUids(expectedSize); // sized too small, about right or too large
    Set<String> expected = new HashSet<>();
    List<String> others = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String uid = String.format("%016x%016x", random.nextLong(), random.nextLong());
      if (random.nextInt(3) == 0) {
        others.add(uid);
      } else if (expected.add(uid)) {
        kept.add(uid);
      }
    }

    for (String uid : expected) {
      assertThat(kept.contains(uid)).as(uid).isTrue();
    }
    for (String uid : others) {
      assertThat(kept.contains(uid)).as(uid).isEqualTo(expected.contains(uid));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    kept.writeNpy(out);
    List<String> written = UidArray.read(new ByteArrayInputStream(out.toByteArray()), "uids.npy");
    List<String> sorted = new ArrayList<>(expected);
    sorted.sort(java.util.Comparator.comparing(u -> new java.math.BigInteger(u, 16)));
    assertThat(written).containsExactlyElementsOf(sorted);
  }

  @Property(tries = 30)
  void addsAfterASearchAreFoundToo(@ForAll @IntRange(min = 1, max = 40) int n, @ForAll long seed) {
    Random random = new Random(seed);
    KeptUids kept = new KeptUids(random.nextInt(2 * n));
    List<String> added = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String uid = String.format("%016x%016x", random.nextLong(), random.nextLong());
      kept.add(uid);
      added.add(uid);
      assertThat(kept.contains(uid)).as("just added " + uid).isTrue(); // sorts the uids so far in place; the next add appends
    }
    assertThat(added).allMatch(kept::contains);
    assertThat(kept.size()).isEqualTo(n);
  }

  @org.junit.jupiter.api.Test
  void whatIsNotAUidIsNotKept() {
    KeptUids kept = new KeptUids();
    kept.add("0123456789abcdef0123456789abcdef");
    assertThat(kept.contains("0123456789ABCDEF0123456789ABCDEF")).isFalse();
    assertThat(kept.contains("0123")).isFalse();
    assertThat(kept.contains(null)).isFalse();
  }
}
