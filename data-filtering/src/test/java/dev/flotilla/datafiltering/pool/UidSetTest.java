package dev.flotilla.datafiltering.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UidSetTest {

  @Test
  void agreesWithAHashSetThroughGrowth() {
    agreesWithAHashSet(new UidSet());
  }

  @Test
  void aSetSizedForFewerUidsStillGrowsAndOneSizedForMoreStaysRight() {
    agreesWithAHashSet(new UidSet(1_000)); // outgrown many times over
    agreesWithAHashSet(new UidSet(30_000)); // as a scorer sizes it from a shard's footer
    agreesWithAHashSet(new UidSet(0));
  }

  private static void agreesWithAHashSet(UidSet compact) {
    Set<String> reference = new HashSet<>();
    java.util.Random rng = new java.util.Random(5);
    for (int i = 0; i < 50_000; i++) {
      // Draws from 30,000 names: many repeats, as duplicate uids across a pool.
      String uid = Uids.of("n" + rng.nextInt(30_000));
      assertThat(compact.add(uid)).isEqualTo(reference.add(uid));
    }
    assertThat(compact.size()).isEqualTo(reference.size());
    for (String uid : reference) {
      assertThat(compact.contains(uid)).isTrue();
    }
    assertThat(compact.contains(Uids.of("never added"))).isFalse();
  }
}
