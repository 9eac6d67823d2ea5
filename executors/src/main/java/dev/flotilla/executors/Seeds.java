package dev.flotilla.executors;

import java.util.Random;

/**
 * Independent random streams from (seed, index) pairs. {@code new Random(seed + index)} for
 * consecutive indices gives correlated first draws (java.util.Random scrambles its seed only
 * lightly), which skews anything decided by the first draw; mixing both through a 64-bit
 * finalizer (SplitMix64's) first removes that.
 */
public final class Seeds {

  private Seeds() {}

  public static long mix(long seed, long index) {
    return finalize64(finalize64(seed) ^ (index * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L));
  }

  /** A {@link Random} for item {@code index} of the stream {@code seed}. */
  public static Random random(long seed, long index) {
    return new Random(mix(seed, index));
  }

  private static long finalize64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
