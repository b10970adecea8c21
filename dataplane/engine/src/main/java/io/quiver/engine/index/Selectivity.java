package io.quiver.engine.index;

import io.quiver.engine.util.Bits;
import io.quiver.engine.util.FixedBitSet;

/** How many ordinals a filter accepts, for choosing a search strategy. */
public final class Selectivity {

  private static final int SAMPLE = 1024;

  private Selectivity() {}

  /**
   * The number of ordinals below {@code size} that {@code accept} allows: exact for a
   * {@link FixedBitSet} (a popcount) or a small {@code size}, otherwise estimated from
   * {@value #SAMPLE} evenly spaced probes (so the cost never grows with {@code size}).
   */
  public static long acceptedCount(Bits accept, int size) {
    if (accept == null) {
      return size;
    }
    if (accept instanceof FixedBitSet bits && bits.length() == size) {
      return bits.cardinality();
    }
    if (size <= 4 * SAMPLE) {
      int count = 0;
      for (int i = 0; i < size; i++) {
        if (accept.get(i)) {
          count++;
        }
      }
      return count;
    }
    int hits = 0;
    for (int i = 0; i < SAMPLE; i++) {
      if (accept.get((int) ((long) i * size / SAMPLE))) {
        hits++;
      }
    }
    return (long) hits * size / SAMPLE;
  }
}
