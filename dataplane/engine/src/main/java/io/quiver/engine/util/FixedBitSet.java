package io.quiver.engine.util;

import java.util.Arrays;

/**
 * A bit set of fixed length backed by a {@code long[]}.
 *
 * <p>Not thread safe: a writer must publish the set safely (e.g. through a volatile field or a
 * lock) before other threads read it.
 */
public final class FixedBitSet implements Bits {

  private final long[] words;
  private final int length;

  public FixedBitSet(int length) {
    if (length < 0) {
      throw new IllegalArgumentException("length must be >= 0: " + length);
    }
    this.length = length;
    this.words = new long[wordCount(length)];
  }

  private FixedBitSet(long[] words, int length) {
    this.words = words;
    this.length = length;
  }

  /** A set of {@code length} positions with every position set. */
  public static FixedBitSet allSet(int length) {
    FixedBitSet set = new FixedBitSet(length);
    set.setAll();
    return set;
  }

  static int wordCount(int length) {
    return (length + 63) >>> 6;
  }

  @Override
  public boolean get(int index) {
    return (words[index >>> 6] & (1L << index)) != 0;
  }

  @Override
  public int length() {
    return length;
  }

  public void set(int index) {
    words[index >>> 6] |= 1L << index;
  }

  public void set(int index, boolean value) {
    if (value) {
      set(index);
    } else {
      clear(index);
    }
  }

  public void clear(int index) {
    words[index >>> 6] &= ~(1L << index);
  }

  /** Sets every position in {@code [0, length)}. */
  public void setAll() {
    Arrays.fill(words, -1L);
    clearTail();
  }

  public void clearAll() {
    Arrays.fill(words, 0L);
  }

  /** Sets every position in {@code [from, to)}. */
  public void set(int from, int to) {
    for (int i = from; i < to; i++) {
      set(i);
    }
  }

  private void clearTail() {
    int extra = (words.length << 6) - length;
    if (extra > 0 && words.length > 0) {
      words[words.length - 1] &= -1L >>> extra;
    }
  }

  public int cardinality() {
    long count = 0;
    for (long w : words) {
      count += Long.bitCount(w);
    }
    return (int) count;
  }

  /** In place: this = this AND other. Lengths must match. */
  public FixedBitSet and(FixedBitSet other) {
    checkSameLength(other);
    for (int i = 0; i < words.length; i++) {
      words[i] &= other.words[i];
    }
    return this;
  }

  /** In place: this = this OR other. Lengths must match. */
  public FixedBitSet or(FixedBitSet other) {
    checkSameLength(other);
    for (int i = 0; i < words.length; i++) {
      words[i] |= other.words[i];
    }
    return this;
  }

  /** In place: this = this AND NOT other. Lengths must match. */
  public FixedBitSet andNot(FixedBitSet other) {
    checkSameLength(other);
    for (int i = 0; i < words.length; i++) {
      words[i] &= ~other.words[i];
    }
    return this;
  }

  /** In place: flips every position. */
  public FixedBitSet flip() {
    for (int i = 0; i < words.length; i++) {
      words[i] = ~words[i];
    }
    clearTail();
    return this;
  }

  private void checkSameLength(FixedBitSet other) {
    if (other.length != length) {
      throw new IllegalArgumentException("bit set lengths differ: " + length + " vs " + other.length);
    }
  }

  /** The first set position at or after {@code from}, or -1 if there is none. */
  public int nextSetBit(int from) {
    if (from >= length) {
      return -1;
    }
    int wordIndex = from >>> 6;
    long word = words[wordIndex] & (-1L << from);
    while (true) {
      if (word != 0) {
        int bit = (wordIndex << 6) + Long.numberOfTrailingZeros(word);
        return bit < length ? bit : -1;
      }
      if (++wordIndex == words.length) {
        return -1;
      }
      word = words[wordIndex];
    }
  }

  public FixedBitSet copy() {
    return new FixedBitSet(words.clone(), length);
  }

  /** A copy covering {@code newLength} positions; positions beyond the old length are clear. */
  public FixedBitSet resized(int newLength) {
    FixedBitSet out = new FixedBitSet(Arrays.copyOf(words, wordCount(newLength)), newLength);
    out.clearTail();
    return out;
  }

  /** The backing words (live, not a copy); for kernels that scan the set word by word. */
  public long[] words() {
    return words;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FixedBitSet other && other.length == length && Arrays.equals(other.words, words);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(words) + length;
  }

  @Override
  public String toString() {
    return "FixedBitSet{length=" + length + ", cardinality=" + cardinality() + "}";
  }
}
