package dev.flotilla.ensembles.hdee;

import dev.flotilla.executors.Seeds;
import dev.flotilla.executors.lm.TokenWindows;
import java.util.List;
import java.util.Random;

/**
 * Training batches from one or more domains' train splits: each row picks a domain uniformly
 * (seeds see every domain equally, whatever its size), then a random window. A pure function of
 * (seed, step), so a resumed unit sees the batches it would have seen.
 */
final class TrainingMix {

  private final List<char[]> domains;
  private final int rows;
  private final int length;
  private final long seed;

  TrainingMix(List<char[]> domains, int rows, int length, long seed) {
    this.domains = List.copyOf(domains);
    this.rows = rows;
    this.length = length;
    this.seed = seed;
  }

  int[][] batch(long step) {
    Random r = Seeds.random(seed, step);
    int[][] b = new int[rows][];
    for (int i = 0; i < rows; i++) {
      b[i] = TokenWindows.random(domains.get(r.nextInt(domains.size())), length, r);
    }
    return b;
  }
}
