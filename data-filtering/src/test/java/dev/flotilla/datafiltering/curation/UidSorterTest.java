package dev.flotilla.datafiltering.curation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Uids given back sorted as DataComp's array orders them, whether they stayed in one block or
 * were spilled as many runs; the merge with probes counts as a set lookup per probe would; the
 * spill file goes with the sorter.
 */
class UidSorterTest {

  static String uid(Random random) {
    // Half of them share their high 64 bits with another, so the low half decides the order too.
    long high = random.nextBoolean() ? random.nextLong() : random.nextInt(4);
    return String.format("%016x%016x", high, random.nextLong());
  }

  @Property(tries = 60)
  void sortedArrayAndMatchesEqualAPlainSet(@ForAll @IntRange(max = 3000) int n,
      @ForAll @IntRange(min = 1, max = 700) int block, @ForAll long seed) throws Exception {
    Random random = new Random(seed);
    Path dir = Files.createTempDirectory("uid-sorter");
    Set<String> kept = new HashSet<>();
    List<String> probes = new ArrayList<>();
    try (UidSorter sorter = new UidSorter(block, dir); UidSorter probeSorter = new UidSorter(block, dir)) {
      for (int i = 0; i < n; i++) {
        String uid = uid(random);
        if (kept.add(uid)) {
          sorter.add(uid);
        }
        // Probes: some kept uids (some twice), some others.
        String probe = random.nextInt(3) == 0 ? uid(random) : uid;
        probes.add(probe);
        probeSorter.add(probe);
        if (random.nextInt(10) == 0) {
          probes.add(probe);
          probeSorter.add(probe);
        }
      }
      assertThat(sorter.size()).isEqualTo(kept.size());
      assertThat(sorter.spilledRuns()).isEqualTo(kept.isEmpty() ? 0 : (kept.size() - 1) / block);

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      sorter.writeNpy(out);
      List<String> expected = new ArrayList<>(kept);
      expected.sort(Comparator.comparing(u -> new BigInteger(u, 16)));
      assertThat(UidArray.read(new ByteArrayInputStream(out.toByteArray()), "uids.npy"))
          .containsExactlyElementsOf(expected);
      assertThat(UidSorter.matches(sorter, probeSorter))
          .isEqualTo(probes.stream().filter(kept::contains).count());
      // Read twice: the same array.
      ByteArrayOutputStream again = new ByteArrayOutputStream();
      sorter.writeNpy(again);
      assertThat(again.toByteArray()).isEqualTo(out.toByteArray());
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).as("spill files deleted on close").isEmpty();
    }
    Files.delete(dir);
  }

  @org.junit.jupiter.api.Test
  void whatIsNotAUidIsRefused() {
    UidSorter sorter = new UidSorter();
    assertThatThrownBy(() -> sorter.add("0123456789ABCDEF0123456789ABCDEF")).hasMessageContaining("lowercase hex");
    assertThatThrownBy(() -> sorter.add("0123")).hasMessageContaining("32 lowercase hex digits");
    assertThat(sorter.size()).isZero();
  }
}
