package io.quiver.engine.vector;

import java.lang.foreign.MemorySegment;

/**
 * The distance kernels behind {@link VectorUtil}: one scalar implementation
 * ({@link ScalarVectorUtilSupport}) and one on the Vector API
 * ({@code io.quiver.engine.vector.simd}), chosen once by {@link VectorizationProvider}.
 *
 * <p>Contracts shared by every method:
 *
 * <ul>
 *   <li>No argument checks: callers validate dimensions and offsets once, at the boundary. An
 *       out-of-range offset throws whatever the array or segment access throws.
 *   <li>Float results may differ between implementations by rounding (the summation order
 *       differs); integer results (int8, binary) and decodes are bit-exact.
 *   <li>Off-heap data ({@link MemorySegment}) is little-endian, addressed by byte offset, and
 *       needs no alignment.
 *   <li>Stateless and thread safe.
 * </ul>
 */
public interface VectorUtilSupport {

  /** Short name for logs and reports, e.g. {@code scalar} or {@code simd-256}. */
  String name();

  // ---- float32 against float32, on heap ----

  float dotProduct(float[] a, int aOffset, float[] b, int bOffset, int dim);

  float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int dim);

  /** Cosine similarity; 0 when either vector has zero norm. */
  float cosine(float[] a, int aOffset, float[] b, int bOffset, int dim);

  // ---- float32 query against float32 rows in a segment ----

  float dotProduct(float[] q, MemorySegment data, long byteOffset, int dim);

  float squareDistance(float[] q, MemorySegment data, long byteOffset, int dim);

  /**
   * Scores {@code q} against four rows at once (independent memory streams, one pass over the
   * query): {@code out[outOffset + i] = dot(q, row at offset_i)}.
   */
  void dotProduct4(float[] q, MemorySegment data, long o0, long o1, long o2, long o3, int dim, float[] out, int outOffset);

  /** Like {@link #dotProduct4} with squared Euclidean distance. */
  void squareDistance4(float[] q, MemorySegment data, long o0, long o1, long o2, long o3, int dim, float[] out, int outOffset);

  /**
   * Blocked scoring of {@code nq} queries against {@code count} consecutive rows, reading each
   * row once for all queries. Queries are row-major in {@code queries[0 .. nq * dim)}; row
   * {@code r} starts at {@code byteOffset + r * dim * 4}. Writes
   * {@code out[r * nq + q] = dot(query q, row r)}.
   */
  void dotProductBlock(float[] queries, int nq, MemorySegment data, long byteOffset, int count, int dim, float[] out);

  /** Like {@link #dotProductBlock} with squared Euclidean distance. */
  void squareDistanceBlock(float[] queries, int nq, MemorySegment data, long byteOffset, int count, int dim, float[] out);

  // ---- int8 ----

  /** Exact integer dot product of signed bytes. */
  int dotProduct(byte[] a, int aOffset, byte[] b, int bOffset, int dim);

  /** Exact integer squared Euclidean distance of signed bytes. */
  int squareDistance(byte[] a, int aOffset, byte[] b, int bOffset, int dim);

  /**
   * Asymmetric int8 product: {@code sum(q[i] * codes[i])} where the codes are signed bytes in a
   * segment; the building block of scalar-quantized distances (the caller folds scales and
   * offsets into {@code q} and a constant).
   */
  float dotProductI8(float[] q, MemorySegment codes, long byteOffset, int dim);

  /** Four rows at once, like {@link #dotProduct4}. */
  void dotProductI84(float[] q, MemorySegment codes, long o0, long o1, long o2, long o3, int dim, float[] out, int outOffset);

  // ---- half precision decode ----

  /** Decodes {@code count} IEEE binary16 values (as {@link Float#float16ToFloat}) to float32. */
  void decodeFloat16(MemorySegment src, long byteOffset, float[] dst, int dstOffset, int count);

  /** Decodes {@code count} bfloat16 values (the high 16 bits of a float32) to float32. */
  void decodeBFloat16(MemorySegment src, long byteOffset, float[] dst, int dstOffset, int count);

  // ---- binary ----

  /** Number of differing bits between {@code words} 64-bit words of each vector. */
  int hamming(long[] a, int aOffset, long[] b, int bOffset, int words);

  /**
   * Number of bits set in both ({@code out[0]}) and in either ({@code out[1]}) vector; Jaccard
   * distance is {@code 1 - out[0] / out[1]}.
   */
  void intersectionAndUnion(long[] a, int aOffset, long[] b, int bOffset, int words, int[] out);
}
