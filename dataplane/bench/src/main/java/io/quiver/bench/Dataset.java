package io.quiver.bench;

import io.quiver.engine.vector.MetricType;

/**
 * A benchmark dataset held in memory: base and query vectors row-major, and the ids of the
 * exact nearest base vectors of each query, best first ({@code gtK} per query).
 *
 * <p>For COSINE sets the vectors are already unit length (or, for the half-precision MiniLM
 * set, within 1e-4 of it), so the peers score them by dot product and every library sees the
 * same ranking.
 */
public record Dataset(String name, String description, MetricType metric, int dimension, float[] base, float[] queries, int[] groundTruth, int gtK) {

  public int size() {
    return base.length / dimension;
  }

  public int queryCount() {
    return queries.length / dimension;
  }

  /** The first {@code n} base vectors (same queries; the ground truth no longer applies). */
  public Dataset slice(int n) {
    float[] prefix = new float[n * dimension];
    System.arraycopy(base, 0, prefix, 0, prefix.length);
    return new Dataset(name + "[:" + n + "]", description, metric, dimension, prefix, queries, new int[0], 0);
  }

  public float[] query(int i) {
    float[] q = new float[dimension];
    System.arraycopy(queries, i * dimension, q, 0, dimension);
    return q;
  }

  public float[] vector(int i) {
    float[] v = new float[dimension];
    System.arraycopy(base, i * dimension, v, 0, dimension);
    return v;
  }

  /** recall@k of {@code found[0 .. count)} for query {@code q}: overlap with the true top k. */
  public double recall(int q, int[] found, int count, int k) {
    int hits = 0;
    int base = q * gtK;
    for (int i = 0; i < Math.min(k, count); i++) {
      for (int j = 0; j < k; j++) {
        if (found[i] == groundTruth[base + j]) {
          hits++;
          break;
        }
      }
    }
    return (double) hits / k;
  }
}
