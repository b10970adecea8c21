package io.quiver.engine.vector.simd;

import io.quiver.engine.vector.VectorUtil;
import io.quiver.engine.vector.VectorUtilSupport;
import io.quiver.engine.vector.VectorizationProvider;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the Vector API. The register width is fixed at class initialisation from
 * {@link VectorizationProvider#requestedBits()} (capped at the CPU's preferred width), and every
 * species is a {@code static final} constant so that C2 compiles each kernel to straight SIMD
 * code. Loop tails run scalar.
 *
 * <p>Only {@link VectorizationProvider} instantiates this class, by reflection, after checking
 * that the {@code jdk.incubator.vector} module is present.
 */
public final class PanamaVectorUtilSupport implements VectorUtilSupport {

  /** Register width in bits: the requested 256 or 512, capped at the CPU's preferred width. */
  public static final int BITS = Math.min(VectorizationProvider.requestedBits(), FloatVector.SPECIES_PREFERRED.vectorBitSize());

  private static final VectorShape SHAPE = VectorShape.forBitSize(Math.max(BITS, 256));
  private static final VectorSpecies<Float> FS = VectorSpecies.of(float.class, SHAPE);
  private static final int FL = FS.length();
  /** Int and long lanes of the same width. */
  private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, SHAPE);
  private static final VectorSpecies<Long> LS = VectorSpecies.of(long.class, SHAPE);
  /** Bytes and shorts with as many lanes as {@link #FS}: they widen into one float vector. */
  private static final VectorSpecies<Byte> BS = VectorSpecies.of(byte.class, VectorShape.forBitSize(FL * 8));
  private static final VectorSpecies<Short> SS = VectorSpecies.of(short.class, VectorShape.forBitSize(FL * 16));

  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
  private static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);
  private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);

  public PanamaVectorUtilSupport() {
    if (BITS < 256) {
      throw new UnsupportedOperationException("SIMD width below 256 bits: " + BITS);
    }
  }

  @Override
  public String name() {
    return "simd-" + FS.vectorBitSize();
  }

  // ---------------------------------------------------------------- float32 arrays

  @Override
  public float dotProduct(float[] a, int aOffset, float[] b, int bOffset, int dim) {
    int i = 0;
    float res = 0f;
    if (dim >= FL) {
      FloatVector acc0 = FloatVector.zero(FS);
      FloatVector acc1 = FloatVector.zero(FS);
      FloatVector acc2 = FloatVector.zero(FS);
      FloatVector acc3 = FloatVector.zero(FS);
      int unrolled = dim - dim % (4 * FL);
      for (; i < unrolled; i += 4 * FL) {
        acc0 = FloatVector.fromArray(FS, a, aOffset + i).fma(FloatVector.fromArray(FS, b, bOffset + i), acc0);
        acc1 = FloatVector.fromArray(FS, a, aOffset + i + FL).fma(FloatVector.fromArray(FS, b, bOffset + i + FL), acc1);
        acc2 = FloatVector.fromArray(FS, a, aOffset + i + 2 * FL).fma(FloatVector.fromArray(FS, b, bOffset + i + 2 * FL), acc2);
        acc3 = FloatVector.fromArray(FS, a, aOffset + i + 3 * FL).fma(FloatVector.fromArray(FS, b, bOffset + i + 3 * FL), acc3);
      }
      int bound = FS.loopBound(dim);
      for (; i < bound; i += FL) {
        acc0 = FloatVector.fromArray(FS, a, aOffset + i).fma(FloatVector.fromArray(FS, b, bOffset + i), acc0);
      }
      res = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
    }
    for (; i < dim; i++) {
      res += a[aOffset + i] * b[bOffset + i];
    }
    return res;
  }

  @Override
  public float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int dim) {
    int i = 0;
    float res = 0f;
    if (dim >= FL) {
      FloatVector acc0 = FloatVector.zero(FS);
      FloatVector acc1 = FloatVector.zero(FS);
      FloatVector acc2 = FloatVector.zero(FS);
      FloatVector acc3 = FloatVector.zero(FS);
      int unrolled = dim - dim % (4 * FL);
      for (; i < unrolled; i += 4 * FL) {
        FloatVector d0 = FloatVector.fromArray(FS, a, aOffset + i).sub(FloatVector.fromArray(FS, b, bOffset + i));
        FloatVector d1 = FloatVector.fromArray(FS, a, aOffset + i + FL).sub(FloatVector.fromArray(FS, b, bOffset + i + FL));
        FloatVector d2 = FloatVector.fromArray(FS, a, aOffset + i + 2 * FL).sub(FloatVector.fromArray(FS, b, bOffset + i + 2 * FL));
        FloatVector d3 = FloatVector.fromArray(FS, a, aOffset + i + 3 * FL).sub(FloatVector.fromArray(FS, b, bOffset + i + 3 * FL));
        acc0 = d0.fma(d0, acc0);
        acc1 = d1.fma(d1, acc1);
        acc2 = d2.fma(d2, acc2);
        acc3 = d3.fma(d3, acc3);
      }
      int bound = FS.loopBound(dim);
      for (; i < bound; i += FL) {
        FloatVector d = FloatVector.fromArray(FS, a, aOffset + i).sub(FloatVector.fromArray(FS, b, bOffset + i));
        acc0 = d.fma(d, acc0);
      }
      res = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
    }
    for (; i < dim; i++) {
      float d = a[aOffset + i] - b[bOffset + i];
      res += d * d;
    }
    return res;
  }

  @Override
  public float cosine(float[] a, int aOffset, float[] b, int bOffset, int dim) {
    int i = 0;
    float dot = 0f;
    float na = 0f;
    float nb = 0f;
    if (dim >= FL) {
      FloatVector accDot = FloatVector.zero(FS);
      FloatVector accA = FloatVector.zero(FS);
      FloatVector accB = FloatVector.zero(FS);
      int bound = FS.loopBound(dim);
      for (; i < bound; i += FL) {
        FloatVector va = FloatVector.fromArray(FS, a, aOffset + i);
        FloatVector vb = FloatVector.fromArray(FS, b, bOffset + i);
        accDot = va.fma(vb, accDot);
        accA = va.fma(va, accA);
        accB = vb.fma(vb, accB);
      }
      dot = accDot.reduceLanes(VectorOperators.ADD);
      na = accA.reduceLanes(VectorOperators.ADD);
      nb = accB.reduceLanes(VectorOperators.ADD);
    }
    for (; i < dim; i++) {
      float x = a[aOffset + i];
      float y = b[bOffset + i];
      dot += x * y;
      na += x * x;
      nb += y * y;
    }
    return VectorUtil.cosineFromParts(dot, na, nb);
  }

  // ---------------------------------------------------------------- float32 segments

  private static FloatVector load(MemorySegment seg, long offset) {
    return FloatVector.fromMemorySegment(FS, seg, offset, LE);
  }

  @Override
  public float dotProduct(float[] q, MemorySegment data, long byteOffset, int dim) {
    int i = 0;
    float res = 0f;
    if (dim >= FL) {
      FloatVector acc0 = FloatVector.zero(FS);
      FloatVector acc1 = FloatVector.zero(FS);
      int unrolled = dim - dim % (2 * FL);
      for (; i < unrolled; i += 2 * FL) {
        acc0 = FloatVector.fromArray(FS, q, i).fma(load(data, byteOffset + 4L * i), acc0);
        acc1 = FloatVector.fromArray(FS, q, i + FL).fma(load(data, byteOffset + 4L * (i + FL)), acc1);
      }
      int bound = FS.loopBound(dim);
      for (; i < bound; i += FL) {
        acc0 = FloatVector.fromArray(FS, q, i).fma(load(data, byteOffset + 4L * i), acc0);
      }
      res = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }
    for (; i < dim; i++) {
      res += q[i] * data.get(FLOAT_LE, byteOffset + 4L * i);
    }
    return res;
  }

  @Override
  public float squareDistance(float[] q, MemorySegment data, long byteOffset, int dim) {
    int i = 0;
    float res = 0f;
    if (dim >= FL) {
      FloatVector acc0 = FloatVector.zero(FS);
      FloatVector acc1 = FloatVector.zero(FS);
      int unrolled = dim - dim % (2 * FL);
      for (; i < unrolled; i += 2 * FL) {
        FloatVector d0 = FloatVector.fromArray(FS, q, i).sub(load(data, byteOffset + 4L * i));
        FloatVector d1 = FloatVector.fromArray(FS, q, i + FL).sub(load(data, byteOffset + 4L * (i + FL)));
        acc0 = d0.fma(d0, acc0);
        acc1 = d1.fma(d1, acc1);
      }
      int bound = FS.loopBound(dim);
      for (; i < bound; i += FL) {
        FloatVector d = FloatVector.fromArray(FS, q, i).sub(load(data, byteOffset + 4L * i));
        acc0 = d.fma(d, acc0);
      }
      res = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }
    for (; i < dim; i++) {
      float d = q[i] - data.get(FLOAT_LE, byteOffset + 4L * i);
      res += d * d;
    }
    return res;
  }

  @Override
  public void dotProduct4(float[] q, MemorySegment data, long o0, long o1, long o2, long o3, int dim, float[] out, int outOffset) {
    int i = 0;
    float r0 = 0f;
    float r1 = 0f;
    float r2 = 0f;
    float r3 = 0f;
    if (dim >= FL) {
      FloatVector acc0 = FloatVector.zero(FS);
      FloatVector acc1 = FloatVector.zero(FS);
      FloatVector acc2 = FloatVector.zero(FS);
      FloatVector acc3 = FloatVector.zero(FS);
      int bound = FS.loopBound(dim);
      for (; i < bound; i += FL) {
        FloatVector vq = FloatVector.fromArray(FS, q, i);
        long b = 4L * i;
        acc0 = vq.fma(load(data, o0 + b), acc0);
        acc1 = vq.fma(load(data, o1 + b), acc1);
        acc2 = vq.fma(load(data, o2 + b), acc2);
        acc3 = vq.fma(load(data, o3 + b), acc3);
      }
      r0 = acc0.reduceLanes(VectorOperators.ADD);
      r1 = acc1.reduceLanes(VectorOperators.ADD);
      r2 = acc2.reduceLanes(VectorOperators.ADD);
      r3 = acc3.reduceLanes(VectorOperators.ADD);
    }
    for (; i < dim; i++) {
      float x = q[i];
      long b = 4L * i;
      r0 += x * data.get(FLOAT_LE, o0 + b);
      r1 += x * data.get(FLOAT_LE, o1 + b);
      r2 += x * data.get(FLOAT_LE, o2 + b);
      r3 += x * data.get(FLOAT_LE, o3 + b);
    }
    out[outOffset] = r0;
    out[outOffset + 1] = r1;
    out[outOffset + 2] = r2;
    out[outOffset + 3] = r3;
  }

  @Override
  public void squareDistance4(float[] q, MemorySegment data, long o0, long o1, long o2, long o3, int dim, float[] out, int outOffset) {
    int i = 0;
    float r0 = 0f;
    float r1 = 0f;
    float r2 = 0f;
    float r3 = 0f;
    if (dim >= FL) {
      FloatVector acc0 = FloatVector.zero(FS);
      FloatVector acc1 = FloatVector.zero(FS);
      FloatVector acc2 = FloatVector.zero(FS);
      FloatVector acc3 = FloatVector.zero(FS);
      int bound = FS.loopBound(dim);
      for (; i < bound; i += FL) {
        FloatVector vq = FloatVector.fromArray(FS, q, i);
        long b = 4L * i;
        FloatVector d0 = vq.sub(load(data, o0 + b));
        FloatVector d1 = vq.sub(load(data, o1 + b));
        FloatVector d2 = vq.sub(load(data, o2 + b));
        FloatVector d3 = vq.sub(load(data, o3 + b));
        acc0 = d0.fma(d0, acc0);
        acc1 = d1.fma(d1, acc1);
        acc2 = d2.fma(d2, acc2);
        acc3 = d3.fma(d3, acc3);
      }
      r0 = acc0.reduceLanes(VectorOperators.ADD);
      r1 = acc1.reduceLanes(VectorOperators.ADD);
      r2 = acc2.reduceLanes(VectorOperators.ADD);
      r3 = acc3.reduceLanes(VectorOperators.ADD);
    }
    for (; i < dim; i++) {
      float x = q[i];
      long b = 4L * i;
      float d0 = x - data.get(FLOAT_LE, o0 + b);
      float d1 = x - data.get(FLOAT_LE, o1 + b);
      float d2 = x - data.get(FLOAT_LE, o2 + b);
      float d3 = x - data.get(FLOAT_LE, o3 + b);
      r0 += d0 * d0;
      r1 += d1 * d1;
      r2 += d2 * d2;
      r3 += d3 * d3;
    }
    out[outOffset] = r0;
    out[outOffset + 1] = r1;
    out[outOffset + 2] = r2;
    out[outOffset + 3] = r3;
  }

  @Override
  public void dotProductBlock(float[] queries, int nq, MemorySegment data, long byteOffset, int count, int dim, float[] out) {
    block(queries, nq, data, byteOffset, count, dim, out, false);
  }

  @Override
  public void squareDistanceBlock(float[] queries, int nq, MemorySegment data, long byteOffset, int count, int dim, float[] out) {
    block(queries, nq, data, byteOffset, count, dim, out, true);
  }

  /**
   * Register tiling: each pass reads one row chunk and four query chunks and keeps four
   * accumulators, so a row is fetched from memory once and reused for every query while it sits
   * in L1.
   */
  private static void block(float[] queries, int nq, MemorySegment data, long byteOffset, int count, int dim, float[] out, boolean l2) {
    long rowBytes = 4L * dim;
    int bound = FS.loopBound(dim);
    for (int r = 0; r < count; r++) {
      long row = byteOffset + r * rowBytes;
      int outBase = r * nq;
      int q = 0;
      for (; q + 4 <= nq; q += 4) {
        int b0 = q * dim;
        int b1 = b0 + dim;
        int b2 = b1 + dim;
        int b3 = b2 + dim;
        FloatVector acc0 = FloatVector.zero(FS);
        FloatVector acc1 = FloatVector.zero(FS);
        FloatVector acc2 = FloatVector.zero(FS);
        FloatVector acc3 = FloatVector.zero(FS);
        int i = 0;
        for (; i < bound; i += FL) {
          FloatVector v = load(data, row + 4L * i);
          if (l2) {
            FloatVector d0 = FloatVector.fromArray(FS, queries, b0 + i).sub(v);
            FloatVector d1 = FloatVector.fromArray(FS, queries, b1 + i).sub(v);
            FloatVector d2 = FloatVector.fromArray(FS, queries, b2 + i).sub(v);
            FloatVector d3 = FloatVector.fromArray(FS, queries, b3 + i).sub(v);
            acc0 = d0.fma(d0, acc0);
            acc1 = d1.fma(d1, acc1);
            acc2 = d2.fma(d2, acc2);
            acc3 = d3.fma(d3, acc3);
          } else {
            acc0 = FloatVector.fromArray(FS, queries, b0 + i).fma(v, acc0);
            acc1 = FloatVector.fromArray(FS, queries, b1 + i).fma(v, acc1);
            acc2 = FloatVector.fromArray(FS, queries, b2 + i).fma(v, acc2);
            acc3 = FloatVector.fromArray(FS, queries, b3 + i).fma(v, acc3);
          }
        }
        float r0 = acc0.reduceLanes(VectorOperators.ADD);
        float r1 = acc1.reduceLanes(VectorOperators.ADD);
        float r2 = acc2.reduceLanes(VectorOperators.ADD);
        float r3 = acc3.reduceLanes(VectorOperators.ADD);
        for (; i < dim; i++) {
          float x = data.get(FLOAT_LE, row + 4L * i);
          if (l2) {
            float d0 = queries[b0 + i] - x;
            float d1 = queries[b1 + i] - x;
            float d2 = queries[b2 + i] - x;
            float d3 = queries[b3 + i] - x;
            r0 += d0 * d0;
            r1 += d1 * d1;
            r2 += d2 * d2;
            r3 += d3 * d3;
          } else {
            r0 += queries[b0 + i] * x;
            r1 += queries[b1 + i] * x;
            r2 += queries[b2 + i] * x;
            r3 += queries[b3 + i] * x;
          }
        }
        out[outBase + q] = r0;
        out[outBase + q + 1] = r1;
        out[outBase + q + 2] = r2;
        out[outBase + q + 3] = r3;
      }
      for (; q < nq; q++) {
        out[outBase + q] = l2 ? squareDistanceQ(queries, q * dim, data, row, dim) : dotQ(queries, q * dim, data, row, dim);
      }
    }
  }

  private static float dotQ(float[] q, int qOffset, MemorySegment data, long byteOffset, int dim) {
    int i = 0;
    float res = 0f;
    if (dim >= FL) {
      FloatVector acc = FloatVector.zero(FS);
      int bound = FS.loopBound(dim);
      for (; i < bound; i += FL) {
        acc = FloatVector.fromArray(FS, q, qOffset + i).fma(load(data, byteOffset + 4L * i), acc);
      }
      res = acc.reduceLanes(VectorOperators.ADD);
    }
    for (; i < dim; i++) {
      res += q[qOffset + i] * data.get(FLOAT_LE, byteOffset + 4L * i);
    }
    return res;
  }

  private static float squareDistanceQ(float[] q, int qOffset, MemorySegment data, long byteOffset, int dim) {
    int i = 0;
    float res = 0f;
    if (dim >= FL) {
      FloatVector acc = FloatVector.zero(FS);
      int bound = FS.loopBound(dim);
      for (; i < bound; i += FL) {
        FloatVector d = FloatVector.fromArray(FS, q, qOffset + i).sub(load(data, byteOffset + 4L * i));
        acc = d.fma(d, acc);
      }
      res = acc.reduceLanes(VectorOperators.ADD);
    }
    for (; i < dim; i++) {
      float d = q[qOffset + i] - data.get(FLOAT_LE, byteOffset + 4L * i);
      res += d * d;
    }
    return res;
  }

  // ---------------------------------------------------------------- int8

  @Override
  public int dotProduct(byte[] a, int aOffset, byte[] b, int bOffset, int dim) {
    int i = 0;
    int res = 0;
    if (dim >= FL) {
      IntVector acc = IntVector.zero(IS);
      int bound = BS.loopBound(dim);
      for (; i < bound; i += FL) {
        IntVector va = (IntVector) ByteVector.fromArray(BS, a, aOffset + i).convertShape(VectorOperators.B2I, IS, 0);
        IntVector vb = (IntVector) ByteVector.fromArray(BS, b, bOffset + i).convertShape(VectorOperators.B2I, IS, 0);
        acc = acc.add(va.mul(vb));
      }
      res = acc.reduceLanes(VectorOperators.ADD);
    }
    for (; i < dim; i++) {
      res += a[aOffset + i] * b[bOffset + i];
    }
    return res;
  }

  @Override
  public int squareDistance(byte[] a, int aOffset, byte[] b, int bOffset, int dim) {
    int i = 0;
    int res = 0;
    if (dim >= FL) {
      IntVector acc = IntVector.zero(IS);
      int bound = BS.loopBound(dim);
      for (; i < bound; i += FL) {
        IntVector va = (IntVector) ByteVector.fromArray(BS, a, aOffset + i).convertShape(VectorOperators.B2I, IS, 0);
        IntVector vb = (IntVector) ByteVector.fromArray(BS, b, bOffset + i).convertShape(VectorOperators.B2I, IS, 0);
        IntVector d = va.sub(vb);
        acc = acc.add(d.mul(d));
      }
      res = acc.reduceLanes(VectorOperators.ADD);
    }
    for (; i < dim; i++) {
      int d = a[aOffset + i] - b[bOffset + i];
      res += d * d;
    }
    return res;
  }

  private static FloatVector loadI8(MemorySegment codes, long offset) {
    return (FloatVector) ByteVector.fromMemorySegment(BS, codes, offset, LE).convertShape(VectorOperators.B2F, FS, 0);
  }

  @Override
  public float dotProductI8(float[] q, MemorySegment codes, long byteOffset, int dim) {
    int i = 0;
    float res = 0f;
    if (dim >= FL) {
      FloatVector acc0 = FloatVector.zero(FS);
      FloatVector acc1 = FloatVector.zero(FS);
      int unrolled = dim - dim % (2 * FL);
      for (; i < unrolled; i += 2 * FL) {
        acc0 = FloatVector.fromArray(FS, q, i).fma(loadI8(codes, byteOffset + i), acc0);
        acc1 = FloatVector.fromArray(FS, q, i + FL).fma(loadI8(codes, byteOffset + i + FL), acc1);
      }
      int bound = FS.loopBound(dim);
      for (; i < bound; i += FL) {
        acc0 = FloatVector.fromArray(FS, q, i).fma(loadI8(codes, byteOffset + i), acc0);
      }
      res = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }
    for (; i < dim; i++) {
      res += q[i] * codes.get(ValueLayout.JAVA_BYTE, byteOffset + i);
    }
    return res;
  }

  @Override
  public void dotProductI84(float[] q, MemorySegment codes, long o0, long o1, long o2, long o3, int dim, float[] out, int outOffset) {
    int i = 0;
    float r0 = 0f;
    float r1 = 0f;
    float r2 = 0f;
    float r3 = 0f;
    if (dim >= FL) {
      FloatVector acc0 = FloatVector.zero(FS);
      FloatVector acc1 = FloatVector.zero(FS);
      FloatVector acc2 = FloatVector.zero(FS);
      FloatVector acc3 = FloatVector.zero(FS);
      int bound = FS.loopBound(dim);
      for (; i < bound; i += FL) {
        FloatVector vq = FloatVector.fromArray(FS, q, i);
        acc0 = vq.fma(loadI8(codes, o0 + i), acc0);
        acc1 = vq.fma(loadI8(codes, o1 + i), acc1);
        acc2 = vq.fma(loadI8(codes, o2 + i), acc2);
        acc3 = vq.fma(loadI8(codes, o3 + i), acc3);
      }
      r0 = acc0.reduceLanes(VectorOperators.ADD);
      r1 = acc1.reduceLanes(VectorOperators.ADD);
      r2 = acc2.reduceLanes(VectorOperators.ADD);
      r3 = acc3.reduceLanes(VectorOperators.ADD);
    }
    for (; i < dim; i++) {
      float x = q[i];
      r0 += x * codes.get(ValueLayout.JAVA_BYTE, o0 + i);
      r1 += x * codes.get(ValueLayout.JAVA_BYTE, o1 + i);
      r2 += x * codes.get(ValueLayout.JAVA_BYTE, o2 + i);
      r3 += x * codes.get(ValueLayout.JAVA_BYTE, o3 + i);
    }
    out[outOffset] = r0;
    out[outOffset + 1] = r1;
    out[outOffset + 2] = r2;
    out[outOffset + 3] = r3;
  }

  // ---------------------------------------------------------------- half precision

  /**
   * Branch-free binary16 decode: the 15 magnitude bits shifted into a float32 and multiplied by
   * 2^112 rebias the exponent exactly (subnormals included); exponent 31 (infinity, NaN) is
   * patched to 255 with the significand kept, as {@link Float#float16ToFloat} does.
   */
  @Override
  public void decodeFloat16(MemorySegment src, long byteOffset, float[] dst, int dstOffset, int count) {
    int i = 0;
    int bound = SS.loopBound(count);
    for (; i < bound; i += FL) {
      IntVector h = (IntVector) ShortVector.fromMemorySegment(SS, src, byteOffset + 2L * i, LE).convertShape(VectorOperators.S2I, IS, 0);
      IntVector magnitude = h.and(0x7fff);
      IntVector shifted = magnitude.lanewise(VectorOperators.LSHL, 13);
      IntVector bits = shifted.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts();
      VectorMask<Integer> special = magnitude.compare(VectorOperators.GE, 0x7c00);
      bits = bits.blend(shifted.or(0x7f800000), special);
      bits = bits.or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16));
      bits.reinterpretAsFloats().intoArray(dst, dstOffset + i);
    }
    for (; i < count; i++) {
      dst[dstOffset + i] = Float.float16ToFloat(src.get(SHORT_LE, byteOffset + 2L * i));
    }
  }

  @Override
  public void decodeBFloat16(MemorySegment src, long byteOffset, float[] dst, int dstOffset, int count) {
    int i = 0;
    int bound = SS.loopBound(count);
    for (; i < bound; i += FL) {
      IntVector h = (IntVector) ShortVector.fromMemorySegment(SS, src, byteOffset + 2L * i, LE).convertShape(VectorOperators.S2I, IS, 0);
      h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(dst, dstOffset + i);
    }
    for (; i < count; i++) {
      dst[dstOffset + i] = Float.intBitsToFloat(src.get(SHORT_LE, byteOffset + 2L * i) << 16);
    }
  }

  // ---------------------------------------------------------------- binary

  @Override
  public int hamming(long[] a, int aOffset, long[] b, int bOffset, int words) {
    int i = 0;
    long res = 0;
    int lanes = LS.length();
    if (words >= 2 * lanes) {
      LongVector acc = LongVector.zero(LS);
      int bound = LS.loopBound(words);
      for (; i < bound; i += lanes) {
        acc = acc.add(LongVector.fromArray(LS, a, aOffset + i).lanewise(VectorOperators.XOR, LongVector.fromArray(LS, b, bOffset + i))
            .lanewise(VectorOperators.BIT_COUNT));
      }
      res = acc.reduceLanes(VectorOperators.ADD);
    }
    for (; i < words; i++) {
      res += Long.bitCount(a[aOffset + i] ^ b[bOffset + i]);
    }
    return (int) res;
  }

  @Override
  public void intersectionAndUnion(long[] a, int aOffset, long[] b, int bOffset, int words, int[] out) {
    int i = 0;
    long inter = 0;
    long union = 0;
    int lanes = LS.length();
    if (words >= 2 * lanes) {
      LongVector accI = LongVector.zero(LS);
      LongVector accU = LongVector.zero(LS);
      int bound = LS.loopBound(words);
      for (; i < bound; i += lanes) {
        LongVector va = LongVector.fromArray(LS, a, aOffset + i);
        LongVector vb = LongVector.fromArray(LS, b, bOffset + i);
        accI = accI.add(va.and(vb).lanewise(VectorOperators.BIT_COUNT));
        accU = accU.add(va.or(vb).lanewise(VectorOperators.BIT_COUNT));
      }
      inter = accI.reduceLanes(VectorOperators.ADD);
      union = accU.reduceLanes(VectorOperators.ADD);
    }
    for (; i < words; i++) {
      long x = a[aOffset + i];
      long y = b[bOffset + i];
      inter += Long.bitCount(x & y);
      union += Long.bitCount(x | y);
    }
    out[0] = (int) inter;
    out[1] = (int) union;
  }
}
