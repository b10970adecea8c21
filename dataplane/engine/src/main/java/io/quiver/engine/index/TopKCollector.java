package io.quiver.engine.index;

import io.quiver.engine.vector.MetricType;

/**
 * Keeps the {@code k} best (ordinal, score) pairs seen so far in a binary heap whose root is the
 * worst kept entry. Scores are Milvus scores; the metric says which direction is better. Ties
 * keep the smaller ordinal, so results are deterministic.
 *
 * <p>Not thread safe.
 */
public final class TopKCollector {

  private final int k;
  private final boolean higherIsBetter;
  private final int[] ords;
  private final float[] scores;
  private int size;

  public TopKCollector(int k, MetricType metric) {
    this(k, metric.higherIsBetter());
  }

  public TopKCollector(int k, boolean higherIsBetter) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0: " + k);
    }
    this.k = k;
    this.higherIsBetter = higherIsBetter;
    this.ords = new int[k];
    this.scores = new float[k];
  }

  public int size() {
    return size;
  }

  public boolean isFull() {
    return size == k;
  }

  /** The worst kept score; only meaningful when {@link #isFull()}. */
  public float worstScore() {
    return scores[0];
  }

  /** True when (ord, score) would enter the heap. */
  public boolean competitive(float score) {
    return size < k || worse(scores[0], ords[0], score, Integer.MAX_VALUE);
  }

  /** Offers a hit; returns true if it was kept. */
  public boolean collect(int ord, float score) {
    if (k == 0) {
      return false;
    }
    if (size < k) {
      ords[size] = ord;
      scores[size] = score;
      siftUp(size++);
      return true;
    }
    if (!worse(scores[0], ords[0], score, ord)) {
      return false;
    }
    ords[0] = ord;
    scores[0] = score;
    siftDown(0);
    return true;
  }

  /** True when (s1, o1) ranks after (s2, o2). */
  private boolean worse(float s1, int o1, float s2, int o2) {
    if (s1 != s2) {
      return higherIsBetter ? s1 < s2 : s1 > s2;
    }
    return o1 > o2;
  }

  private void siftUp(int i) {
    int ord = ords[i];
    float score = scores[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!worse(score, ord, scores[parent], ords[parent])) {
        break;
      }
      ords[i] = ords[parent];
      scores[i] = scores[parent];
      i = parent;
    }
    ords[i] = ord;
    scores[i] = score;
  }

  private void siftDown(int i) {
    int ord = ords[i];
    float score = scores[i];
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && worse(scores[right], ords[right], scores[child], ords[child])) {
        child = right;
      }
      if (!worse(scores[child], ords[child], score, ord)) {
        break;
      }
      ords[i] = ords[child];
      scores[i] = scores[child];
      i = child;
    }
    ords[i] = ord;
    scores[i] = score;
  }

  /** Drains the heap into best-first hits; the collector is empty afterwards. */
  public SearchHits toHits() {
    int n = size;
    int[] outOrds = new int[n];
    float[] outScores = new float[n];
    for (int i = n - 1; i >= 0; i--) {
      outOrds[i] = ords[0];
      outScores[i] = scores[0];
      size--;
      if (size > 0) {
        ords[0] = ords[size];
        scores[0] = scores[size];
        siftDown(0);
      }
    }
    return new SearchHits(outOrds, outScores, n);
  }
}
