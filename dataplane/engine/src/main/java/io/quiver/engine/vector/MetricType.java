package io.quiver.engine.vector;

import java.util.Locale;

/**
 * Distance or similarity metrics for dense float vectors, with Milvus's score conventions.
 *
 * <ul>
 *   <li>{@link #L2}: squared Euclidean distance; smaller is better (Milvus does not take the
 *       square root).
 *   <li>{@link #IP}: inner product; larger is better.
 *   <li>{@link #COSINE}: cosine similarity in [-1, 1]; larger is better.
 * </ul>
 */
public enum MetricType {
  L2(false),
  IP(true),
  COSINE(true);

  private final boolean higherIsBetter;

  MetricType(boolean higherIsBetter) {
    this.higherIsBetter = higherIsBetter;
  }

  /** True when a larger score ranks first (IP, COSINE); false for distances (L2). */
  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /** True when score {@code a} ranks strictly before score {@code b}. */
  public boolean better(float a, float b) {
    return higherIsBetter ? a > b : a < b;
  }

  /**
   * Converts a Milvus score into a similarity where larger is always better (the negated
   * distance for L2); used internally so heaps and merges need not know the metric.
   */
  public float toSimilarity(float score) {
    return higherIsBetter ? score : -score;
  }

  /** Inverse of {@link #toSimilarity(float)}. */
  public float fromSimilarity(float similarity) {
    return higherIsBetter ? similarity : -similarity;
  }

  /** Parses a metric name case-insensitively; {@code null} if the name is not a dense metric. */
  public static MetricType parse(String name) {
    if (name == null) {
      return null;
    }
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
