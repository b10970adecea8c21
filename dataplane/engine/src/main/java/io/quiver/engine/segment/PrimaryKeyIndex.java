package io.quiver.engine.segment;

import java.util.HashMap;
import java.util.Map;

/**
 * Maps each live primary key of a shard to its row location, encoded as {@code (segmentSlot <<
 * 32) | row}. Int64 keys use an open-addressing table of primitives (no boxing); VarChar keys a
 * hash map.
 *
 * <p>Not thread safe: the owning shard mutates and reads it under its write lock.
 */
public final class PrimaryKeyIndex {

  public static final long ABSENT = -1L;

  private final boolean stringKeys;
  private final Map<String, Long> strings;
  private long[] keys;
  private long[] locations;
  private boolean[] used;
  private int size;
  private int mask;

  public PrimaryKeyIndex(boolean stringKeys) {
    this.stringKeys = stringKeys;
    this.strings = stringKeys ? new HashMap<>() : null;
    if (!stringKeys) {
      allocate(1024);
    }
  }

  public static long location(int segmentSlot, int row) {
    return ((long) segmentSlot << 32) | (row & 0xFFFFFFFFL);
  }

  public static int slot(long location) {
    return (int) (location >>> 32);
  }

  public static int row(long location) {
    return (int) location;
  }

  public int size() {
    return stringKeys ? strings.size() : size;
  }

  /** The location of {@code pk} (a Long or String), or {@link #ABSENT}. */
  public long get(Object pk) {
    if (stringKeys) {
      Long loc = strings.get((String) pk);
      return loc == null ? ABSENT : loc;
    }
    return getLong((Long) pk);
  }

  public long getLong(long pk) {
    int i = hash(pk) & mask;
    while (used[i]) {
      if (keys[i] == pk) {
        return locations[i];
      }
      i = (i + 1) & mask;
    }
    return ABSENT;
  }

  /** Sets the location of {@code pk}; returns the previous location or {@link #ABSENT}. */
  public long put(Object pk, long location) {
    if (stringKeys) {
      Long old = strings.put((String) pk, location);
      return old == null ? ABSENT : old;
    }
    return putLong((Long) pk, location);
  }

  public long putLong(long pk, long location) {
    if ((size + 1) * 4L > keys.length * 3L) {
      rehash(keys.length * 2);
    }
    int i = hash(pk) & mask;
    while (used[i]) {
      if (keys[i] == pk) {
        long old = locations[i];
        locations[i] = location;
        return old;
      }
      i = (i + 1) & mask;
    }
    used[i] = true;
    keys[i] = pk;
    locations[i] = location;
    size++;
    return ABSENT;
  }

  /** Removes {@code pk}; returns its location or {@link #ABSENT}. */
  public long remove(Object pk) {
    if (stringKeys) {
      Long old = strings.remove((String) pk);
      return old == null ? ABSENT : old;
    }
    return removeLong((Long) pk);
  }

  public long removeLong(long pk) {
    int i = hash(pk) & mask;
    while (used[i]) {
      if (keys[i] == pk) {
        long old = locations[i];
        deleteSlot(i);
        size--;
        return old;
      }
      i = (i + 1) & mask;
    }
    return ABSENT;
  }

  /** Backward-shift deletion keeps probe chains intact without tombstones. */
  private void deleteSlot(int hole) {
    int i = hole;
    while (true) {
      i = (i + 1) & mask;
      if (!used[i]) {
        break;
      }
      int ideal = hash(keys[i]) & mask;
      // Move entry i into the hole if its ideal slot is not in (hole, i] cyclically.
      boolean move = hole <= i ? (ideal <= hole || ideal > i) : (ideal <= hole && ideal > i);
      if (move) {
        keys[hole] = keys[i];
        locations[hole] = locations[i];
        hole = i;
      }
    }
    used[hole] = false;
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    locations = new long[capacity];
    used = new boolean[capacity];
    mask = capacity - 1;
  }

  private void rehash(int capacity) {
    long[] oldKeys = keys;
    long[] oldLocations = locations;
    boolean[] oldUsed = used;
    allocate(capacity);
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldUsed[i]) {
        putLong(oldKeys[i], oldLocations[i]);
      }
    }
  }

  private static int hash(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  public long ramBytesUsed() {
    return stringKeys ? 64L * strings.size() : 17L * keys.length;
  }
}
