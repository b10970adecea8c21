package io.quiver.engine.index;

import java.util.Arrays;

/**
 * The hits of one query against one index, best first: {@code ords[i]} is a vector ordinal and
 * {@code scores[i]} its score in the metric's Milvus convention (squared distance for L2,
 * similarity for IP and COSINE). Only the first {@code count} entries are meaningful.
 */
public record SearchHits(int[] ords, float[] scores, int count) {

  public static final SearchHits EMPTY = new SearchHits(new int[0], new float[0], 0);

  public int ord(int i) {
    return ords[i];
  }

  public float score(int i) {
    return scores[i];
  }

  @Override
  public String toString() {
    return "SearchHits{count=" + count + ", ords=" + Arrays.toString(Arrays.copyOf(ords, count)) + "}";
  }
}
