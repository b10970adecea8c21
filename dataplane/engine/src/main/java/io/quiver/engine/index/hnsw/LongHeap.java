package io.quiver.engine.index.hnsw;

import java.util.Arrays;

/**
 * A binary min-heap of {@code long} keys, 1-based in a growable array. The searches store
 * {@link #encode(float, int) (score, node)} pairs whose natural long order is the score order,
 * so no objects or comparators are involved. Not thread safe.
 */
final class LongHeap {

  private long[] heap;
  private int size;

  LongHeap(int initialCapacity) {
    heap = new long[Math.max(2, initialCapacity + 1)];
  }

  /** Orders like {@code score}, then like {@code node}; {@code node >= 0}. */
  static long encode(float score, int node) {
    int bits = Float.floatToRawIntBits(score);
    int sortable = bits ^ ((bits >> 31) & 0x7fffffff);
    return ((long) sortable << 32) | (node & 0xffffffffL);
  }

  static float score(long key) {
    int sortable = (int) (key >> 32);
    return Float.intBitsToFloat(sortable ^ ((sortable >> 31) & 0x7fffffff));
  }

  static int node(long key) {
    return (int) key;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void clear() {
    size = 0;
  }

  /** The smallest key; the heap must not be empty. */
  long top() {
    return heap[1];
  }

  void push(long key) {
    if (++size == heap.length) {
      heap = Arrays.copyOf(heap, heap.length * 2);
    }
    int i = size;
    long[] h = heap;
    while (i > 1) {
      int parent = i >>> 1;
      long p = h[parent];
      if (key >= p) {
        break;
      }
      h[i] = p;
      i = parent;
    }
    h[i] = key;
  }

  /** Removes and returns the smallest key. */
  long pop() {
    long[] h = heap;
    long result = h[1];
    long last = h[size];
    h[size--] = 0;
    if (size > 0) {
      siftDown(last);
    }
    return result;
  }

  /** Replaces the smallest key with {@code key} (which may be larger) and restores order. */
  void replaceTop(long key) {
    siftDown(key);
  }

  private void siftDown(long key) {
    long[] h = heap;
    int n = size;
    int i = 1;
    int child = 2;
    while (child <= n) {
      long c = h[child];
      int right = child + 1;
      if (right <= n && h[right] < c) {
        child = right;
        c = h[right];
      }
      if (c >= key) {
        break;
      }
      h[i] = c;
      i = child;
      child = i << 1;
    }
    h[i] = key;
  }

  /** The keys in heap order (not sorted): {@code raw()[1 .. size]}. */
  long[] raw() {
    return heap;
  }
}
