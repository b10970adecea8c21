package io.quiver.engine.vector;

import java.lang.foreign.MemorySegment;

/**
 * Distance kernels for dense vectors, delegating to the {@link VectorUtilSupport} that
 * {@link VectorizationProvider} picked once at class initialisation (the Vector API unless
 * disabled with {@code -Dquiver.vector.impl=scalar}). Because the implementation sits in a
 * {@code static final} field, the JIT inlines the chosen kernel into each call site; there is no
 * dispatch or CPU probing per call.
 *
 * <p>Callers validate dimensions at the boundary; the kernels do not check lengths on the hot
 * path. All methods are thread safe.
 */
public final class VectorUtil {

  private static final VectorUtilSupport IMPL = VectorizationProvider.support();

  private VectorUtil() {}

  /** The kernels in use (for logs, reports and benchmarks). */
  public static VectorUtilSupport support() {
    return IMPL;
  }

  // ---- float32 ----

  public static float dotProduct(float[] a, float[] b) {
    return IMPL.dotProduct(a, 0, b, 0, a.length);
  }

  public static float dotProduct(float[] a, int aOffset, float[] b, int bOffset, int dim) {
    return IMPL.dotProduct(a, aOffset, b, bOffset, dim);
  }

  public static float squareDistance(float[] a, float[] b) {
    return IMPL.squareDistance(a, 0, b, 0, a.length);
  }

  public static float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int dim) {
    return IMPL.squareDistance(a, aOffset, b, bOffset, dim);
  }

  /** Cosine similarity; 0 when either vector has zero norm. */
  public static float cosine(float[] a, float[] b) {
    return IMPL.cosine(a, 0, b, 0, a.length);
  }

  public static float cosine(float[] a, int aOffset, float[] b, int bOffset, int dim) {
    return IMPL.cosine(a, aOffset, b, bOffset, dim);
  }

  /** The score of {@code a} against {@code b} under {@code metric}, in Milvus's convention. */
  public static float score(MetricType metric, float[] a, int aOffset, float[] b, int bOffset, int dim) {
    return switch (metric) {
      case L2 -> IMPL.squareDistance(a, aOffset, b, bOffset, dim);
      case IP -> IMPL.dotProduct(a, aOffset, b, bOffset, dim);
      case COSINE -> IMPL.cosine(a, aOffset, b, bOffset, dim);
    };
  }

  /** Dot product of {@code q} with the little-endian float32 row at {@code byteOffset}. */
  public static float dotProduct(float[] q, MemorySegment data, long byteOffset, int dim) {
    return IMPL.dotProduct(q, data, byteOffset, dim);
  }

  /** Squared distance of {@code q} to the little-endian float32 row at {@code byteOffset}. */
  public static float squareDistance(float[] q, MemorySegment data, long byteOffset, int dim) {
    return IMPL.squareDistance(q, data, byteOffset, dim);
  }

  /** See {@link VectorUtilSupport#dotProduct4}. */
  public static void dotProduct4(float[] q, MemorySegment data, long o0, long o1, long o2, long o3, int dim, float[] out, int outOffset) {
    IMPL.dotProduct4(q, data, o0, o1, o2, o3, dim, out, outOffset);
  }

  /** See {@link VectorUtilSupport#squareDistance4}. */
  public static void squareDistance4(float[] q, MemorySegment data, long o0, long o1, long o2, long o3, int dim, float[] out, int outOffset) {
    IMPL.squareDistance4(q, data, o0, o1, o2, o3, dim, out, outOffset);
  }

  /** See {@link VectorUtilSupport#dotProductBlock}. */
  public static void dotProductBlock(float[] queries, int nq, MemorySegment data, long byteOffset, int count, int dim, float[] out) {
    IMPL.dotProductBlock(queries, nq, data, byteOffset, count, dim, out);
  }

  /** See {@link VectorUtilSupport#squareDistanceBlock}. */
  public static void squareDistanceBlock(float[] queries, int nq, MemorySegment data, long byteOffset, int count, int dim, float[] out) {
    IMPL.squareDistanceBlock(queries, nq, data, byteOffset, count, dim, out);
  }

  /** Combines the parts of a cosine: {@code dot / sqrt(na * nb)}, 0 when a norm is zero. */
  public static float cosineFromParts(float dot, float na, float nb) {
    double denom = Math.sqrt((double) na * (double) nb);
    return denom == 0 ? 0f : (float) (dot / denom);
  }

  // ---- int8 ----

  public static int dotProduct(byte[] a, int aOffset, byte[] b, int bOffset, int dim) {
    return IMPL.dotProduct(a, aOffset, b, bOffset, dim);
  }

  public static int squareDistance(byte[] a, int aOffset, byte[] b, int bOffset, int dim) {
    return IMPL.squareDistance(a, aOffset, b, bOffset, dim);
  }

  /** See {@link VectorUtilSupport#dotProductI8}. */
  public static float dotProductI8(float[] q, MemorySegment codes, long byteOffset, int dim) {
    return IMPL.dotProductI8(q, codes, byteOffset, dim);
  }

  /** See {@link VectorUtilSupport#dotProductI84}. */
  public static void dotProductI84(float[] q, MemorySegment codes, long o0, long o1, long o2, long o3, int dim, float[] out, int outOffset) {
    IMPL.dotProductI84(q, codes, o0, o1, o2, o3, dim, out, outOffset);
  }

  // ---- half precision ----

  /** Decodes {@code count} little-endian IEEE binary16 values from {@code src} into {@code dst}. */
  public static void decodeFloat16(MemorySegment src, long byteOffset, float[] dst, int dstOffset, int count) {
    IMPL.decodeFloat16(src, byteOffset, dst, dstOffset, count);
  }

  /** Decodes {@code count} little-endian bfloat16 values from {@code src} into {@code dst}. */
  public static void decodeBFloat16(MemorySegment src, long byteOffset, float[] dst, int dstOffset, int count) {
    IMPL.decodeBFloat16(src, byteOffset, dst, dstOffset, count);
  }

  // ---- binary ----

  /** Hamming distance between two bit vectors of {@code words} 64-bit words. */
  public static int hamming(long[] a, int aOffset, long[] b, int bOffset, int words) {
    return IMPL.hamming(a, aOffset, b, bOffset, words);
  }

  /**
   * Jaccard distance {@code 1 - |a AND b| / |a OR b|} (Milvus's JACCARD); 0 when both vectors
   * are empty.
   */
  public static float jaccard(long[] a, int aOffset, long[] b, int bOffset, int words) {
    int[] counts = new int[2];
    IMPL.intersectionAndUnion(a, aOffset, b, bOffset, words, counts);
    return counts[1] == 0 ? 0f : 1f - (float) counts[0] / counts[1];
  }

  // ---- normalisation ----

  /** Returns a unit-length copy of {@code v} (a zero vector is returned unchanged). */
  public static float[] normalized(float[] v) {
    float[] out = v.clone();
    normalizeInPlace(out);
    return out;
  }

  /** Scales {@code v} to unit length, computing the norm in double; a zero vector is unchanged. */
  public static void normalizeInPlace(float[] v) {
    normalizeInPlace(v, 0, v.length);
  }

  /** Scales {@code v[offset .. offset + dim)} to unit length; a zero vector is unchanged. */
  public static void normalizeInPlace(float[] v, int offset, int dim) {
    double norm = 0;
    for (int i = offset, end = offset + dim; i < end; i++) {
      norm += (double) v[i] * v[i];
    }
    if (norm == 0) {
      return;
    }
    float inv = (float) (1.0 / Math.sqrt(norm));
    for (int i = offset, end = offset + dim; i < end; i++) {
      v[i] *= inv;
    }
  }
}
