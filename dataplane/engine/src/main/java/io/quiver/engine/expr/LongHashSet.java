package io.quiver.engine.expr;

/** An immutable open-addressing set of longs, for IN lists over integer columns. */
final class LongHashSet {

  private final long[] table; // 0 marks an empty slot; the value 0 itself is kept in hasZero
  private final int mask;
  private final boolean hasZero;

  LongHashSet(long[] values) {
    int cap = Integer.highestOneBit(Math.max(4, values.length) * 2) * 2;
    table = new long[cap];
    mask = cap - 1;
    boolean zero = false;
    for (long v : values) {
      if (v == 0) {
        zero = true;
        continue;
      }
      int i = slot(v);
      while (table[i] != 0 && table[i] != v) {
        i = (i + 1) & mask;
      }
      table[i] = v;
    }
    hasZero = zero;
  }

  private int slot(long v) {
    long h = v * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  boolean contains(long v) {
    if (v == 0) {
      return hasZero;
    }
    int i = slot(v);
    long e;
    while ((e = table[i]) != 0) {
      if (e == v) {
        return true;
      }
      i = (i + 1) & mask;
    }
    return false;
  }
}
