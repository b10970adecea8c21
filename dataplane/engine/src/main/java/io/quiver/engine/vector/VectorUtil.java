package io.quiver.engine.vector;

/**
 * Distance kernels for float32 vectors. Callers validate dimensions at the boundary; the
 * kernels do not check lengths on the hot path.
 */
public final class VectorUtil {

  private VectorUtil() {}

  public static float dotProduct(float[] a, float[] b) {
    return dotProduct(a, 0, b, 0, a.length);
  }

  public static float dotProduct(float[] a, int aOffset, float[] b, int bOffset, int dim) {
    float sum = 0f;
    for (int i = 0; i < dim; i++) {
      sum += a[aOffset + i] * b[bOffset + i];
    }
    return sum;
  }

  public static float squareDistance(float[] a, float[] b) {
    return squareDistance(a, 0, b, 0, a.length);
  }

  public static float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int dim) {
    float sum = 0f;
    for (int i = 0; i < dim; i++) {
      float d = a[aOffset + i] - b[bOffset + i];
      sum += d * d;
    }
    return sum;
  }

  /** Cosine similarity; 0 when either vector has zero norm. */
  public static float cosine(float[] a, float[] b) {
    return cosine(a, 0, b, 0, a.length);
  }

  public static float cosine(float[] a, int aOffset, float[] b, int bOffset, int dim) {
    float dot = 0f;
    float na = 0f;
    float nb = 0f;
    for (int i = 0; i < dim; i++) {
      float x = a[aOffset + i];
      float y = b[bOffset + i];
      dot += x * y;
      na += x * x;
      nb += y * y;
    }
    double denom = Math.sqrt((double) na * (double) nb);
    return denom == 0 ? 0f : (float) (dot / denom);
  }

  /** The score of {@code a} against {@code b} under {@code metric}, in Milvus's convention. */
  public static float score(MetricType metric, float[] a, int aOffset, float[] b, int bOffset, int dim) {
    return switch (metric) {
      case L2 -> squareDistance(a, aOffset, b, bOffset, dim);
      case IP -> dotProduct(a, aOffset, b, bOffset, dim);
      case COSINE -> cosine(a, aOffset, b, bOffset, dim);
    };
  }

  /** Returns a unit-length copy of {@code v} (a zero vector is returned unchanged). */
  public static float[] normalized(float[] v) {
    float[] out = v.clone();
    normalizeInPlace(out);
    return out;
  }

  public static void normalizeInPlace(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    if (norm == 0) {
      return;
    }
    float inv = (float) (1.0 / Math.sqrt(norm));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
  }
}
