package io.quiver.engine.index;

import io.quiver.engine.util.Bits;
import io.quiver.engine.vector.MetricType;
import io.quiver.engine.vector.VectorUtil;
import java.util.Random;

/** Seeded test data: Gaussian mixtures and brute-force ground truth. */
public final class TestVectors {

  private TestVectors() {}

  /**
   * {@code n} vectors of {@code dim} floats drawn around {@code clusters} random centres (unit
   * spread for the centres, {@code spread} around each), row-major.
   */
  public static float[] clustered(long seed, int n, int dim, int clusters, float spread) {
    Random random = new Random(seed);
    float[][] centres = new float[clusters][dim];
    for (float[] c : centres) {
      for (int d = 0; d < dim; d++) {
        c[d] = (float) random.nextGaussian();
      }
    }
    float[] data = new float[n * dim];
    for (int i = 0; i < n; i++) {
      float[] c = centres[random.nextInt(clusters)];
      for (int d = 0; d < dim; d++) {
        data[i * dim + d] = c[d] + spread * (float) random.nextGaussian();
      }
    }
    return data;
  }

  public static float[] row(float[] data, int dim, int i) {
    float[] out = new float[dim];
    System.arraycopy(data, i * dim, out, 0, dim);
    return out;
  }

  /** The exact Milvus score of {@code query} against row {@code ord} (cosine on raw vectors). */
  public static float score(MetricType metric, float[] query, float[] data, int dim, int ord) {
    return VectorUtil.score(metric, query, 0, data, ord * dim, dim);
  }

  /** Exact top-k ordinals among those {@code accept} allows (null: all), best first. */
  public static SearchHits bruteForce(MetricType metric, float[] query, float[] data, int dim, int k, Bits accept) {
    int n = data.length / dim;
    TopKCollector collector = new TopKCollector(Math.min(k, n), metric);
    for (int ord = 0; ord < n; ord++) {
      if (accept == null || accept.get(ord)) {
        collector.collect(ord, score(metric, query, data, dim, ord));
      }
    }
    return collector.toHits();
  }

  /** |found ∩ truth| / |truth| over the first {@code k} of each. */
  public static double recall(SearchHits found, SearchHits truth, int k) {
    int expected = Math.min(k, truth.count());
    if (expected == 0) {
      return 1.0;
    }
    int hits = 0;
    for (int i = 0; i < Math.min(k, found.count()); i++) {
      for (int j = 0; j < expected; j++) {
        if (found.ord(i) == truth.ord(j)) {
          hits++;
          break;
        }
      }
    }
    return (double) hits / expected;
  }
}
