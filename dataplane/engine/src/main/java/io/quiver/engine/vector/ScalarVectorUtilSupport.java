package io.quiver.engine.vector;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Plain-Java kernels: the reference for the SIMD implementation and the fallback where the
 * Vector API is absent or disabled ({@code -Dquiver.vector.impl=scalar}). Float sums run
 * strictly left to right, so results are reproducible.
 */
public final class ScalarVectorUtilSupport implements VectorUtilSupport {

  static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public float dotProduct(float[] a, int aOffset, float[] b, int bOffset, int dim) {
    float sum = 0f;
    for (int i = 0; i < dim; i++) {
      sum += a[aOffset + i] * b[bOffset + i];
    }
    return sum;
  }

  @Override
  public float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int dim) {
    float sum = 0f;
    for (int i = 0; i < dim; i++) {
      float d = a[aOffset + i] - b[bOffset + i];
      sum += d * d;
    }
    return sum;
  }

  @Override
  public float cosine(float[] a, int aOffset, float[] b, int bOffset, int dim) {
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
    return VectorUtil.cosineFromParts(dot, na, nb);
  }

  @Override
  public float dotProduct(float[] q, MemorySegment data, long byteOffset, int dim) {
    float sum = 0f;
    for (int i = 0; i < dim; i++) {
      sum += q[i] * data.get(FLOAT_LE, byteOffset + 4L * i);
    }
    return sum;
  }

  @Override
  public float squareDistance(float[] q, MemorySegment data, long byteOffset, int dim) {
    float sum = 0f;
    for (int i = 0; i < dim; i++) {
      float d = q[i] - data.get(FLOAT_LE, byteOffset + 4L * i);
      sum += d * d;
    }
    return sum;
  }

  @Override
  public void dotProduct4(float[] q, MemorySegment data, long o0, long o1, long o2, long o3, int dim, float[] out, int outOffset) {
    out[outOffset] = dotProduct(q, data, o0, dim);
    out[outOffset + 1] = dotProduct(q, data, o1, dim);
    out[outOffset + 2] = dotProduct(q, data, o2, dim);
    out[outOffset + 3] = dotProduct(q, data, o3, dim);
  }

  @Override
  public void squareDistance4(float[] q, MemorySegment data, long o0, long o1, long o2, long o3, int dim, float[] out, int outOffset) {
    out[outOffset] = squareDistance(q, data, o0, dim);
    out[outOffset + 1] = squareDistance(q, data, o1, dim);
    out[outOffset + 2] = squareDistance(q, data, o2, dim);
    out[outOffset + 3] = squareDistance(q, data, o3, dim);
  }

  @Override
  public void dotProductBlock(float[] queries, int nq, MemorySegment data, long byteOffset, int count, int dim, float[] out) {
    long rowBytes = 4L * dim;
    for (int r = 0; r < count; r++) {
      long off = byteOffset + r * rowBytes;
      for (int q = 0; q < nq; q++) {
        float sum = 0f;
        int base = q * dim;
        for (int i = 0; i < dim; i++) {
          sum += queries[base + i] * data.get(FLOAT_LE, off + 4L * i);
        }
        out[r * nq + q] = sum;
      }
    }
  }

  @Override
  public void squareDistanceBlock(float[] queries, int nq, MemorySegment data, long byteOffset, int count, int dim, float[] out) {
    long rowBytes = 4L * dim;
    for (int r = 0; r < count; r++) {
      long off = byteOffset + r * rowBytes;
      for (int q = 0; q < nq; q++) {
        float sum = 0f;
        int base = q * dim;
        for (int i = 0; i < dim; i++) {
          float d = queries[base + i] - data.get(FLOAT_LE, off + 4L * i);
          sum += d * d;
        }
        out[r * nq + q] = sum;
      }
    }
  }

  @Override
  public int dotProduct(byte[] a, int aOffset, byte[] b, int bOffset, int dim) {
    int sum = 0;
    for (int i = 0; i < dim; i++) {
      sum += a[aOffset + i] * b[bOffset + i];
    }
    return sum;
  }

  @Override
  public int squareDistance(byte[] a, int aOffset, byte[] b, int bOffset, int dim) {
    int sum = 0;
    for (int i = 0; i < dim; i++) {
      int d = a[aOffset + i] - b[bOffset + i];
      sum += d * d;
    }
    return sum;
  }

  @Override
  public float dotProductI8(float[] q, MemorySegment codes, long byteOffset, int dim) {
    float sum = 0f;
    for (int i = 0; i < dim; i++) {
      sum += q[i] * codes.get(ValueLayout.JAVA_BYTE, byteOffset + i);
    }
    return sum;
  }

  @Override
  public void dotProductI84(float[] q, MemorySegment codes, long o0, long o1, long o2, long o3, int dim, float[] out, int outOffset) {
    out[outOffset] = dotProductI8(q, codes, o0, dim);
    out[outOffset + 1] = dotProductI8(q, codes, o1, dim);
    out[outOffset + 2] = dotProductI8(q, codes, o2, dim);
    out[outOffset + 3] = dotProductI8(q, codes, o3, dim);
  }

  @Override
  public void decodeFloat16(MemorySegment src, long byteOffset, float[] dst, int dstOffset, int count) {
    for (int i = 0; i < count; i++) {
      dst[dstOffset + i] = Float.float16ToFloat(src.get(SHORT_LE, byteOffset + 2L * i));
    }
  }

  @Override
  public void decodeBFloat16(MemorySegment src, long byteOffset, float[] dst, int dstOffset, int count) {
    for (int i = 0; i < count; i++) {
      dst[dstOffset + i] = Float.intBitsToFloat(src.get(SHORT_LE, byteOffset + 2L * i) << 16);
    }
  }

  @Override
  public int hamming(long[] a, int aOffset, long[] b, int bOffset, int words) {
    int sum = 0;
    for (int i = 0; i < words; i++) {
      sum += Long.bitCount(a[aOffset + i] ^ b[bOffset + i]);
    }
    return sum;
  }

  @Override
  public void intersectionAndUnion(long[] a, int aOffset, long[] b, int bOffset, int words, int[] out) {
    int inter = 0;
    int union = 0;
    for (int i = 0; i < words; i++) {
      long x = a[aOffset + i];
      long y = b[bOffset + i];
      inter += Long.bitCount(x & y);
      union += Long.bitCount(x | y);
    }
    out[0] = inter;
    out[1] = union;
  }
}
