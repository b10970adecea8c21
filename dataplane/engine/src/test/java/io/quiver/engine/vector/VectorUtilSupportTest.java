package io.quiver.engine.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Compares the Vector API kernels with the scalar reference on odd, prime and round dimensions
 * (loop tails, partial unrolls, several registers).
 *
 * <p>Tolerance for float sums: both implementations add the same {@code n} products, in
 * different orders (and the SIMD one with fused multiply-adds). Recursive summation of
 * {@code n} terms errs by at most {@code (n - 1) u sum|x_i|} with {@code u = 2^-24}, so two
 * orders differ by at most {@code 2 n u sum|x_i|}; the tests allow exactly that. Integer
 * kernels and the half-precision decodes must be bit-exact.
 */
class VectorUtilSupportTest {

  private static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final float U = 0x1p-24f;

  private final VectorUtilSupport scalar = VectorizationProvider.scalar();
  private final VectorUtilSupport simd =
      VectorizationProvider.simd().orElseThrow(() -> new AssertionError("the test JVM must run with --add-modules jdk.incubator.vector"));

  private static float[] randomFloats(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  private static MemorySegment offHeap(Arena arena, float[] values, long padBytes) {
    MemorySegment seg = arena.allocate(padBytes + 4L * values.length, 1);
    for (int i = 0; i < values.length; i++) {
      seg.set(FLOAT_LE, padBytes + 4L * i, values[i]);
    }
    return seg;
  }

  private static float sumAbsProducts(float[] a, int aOff, float[] b, int bOff, int dim) {
    float s = 0;
    for (int i = 0; i < dim; i++) {
      s += Math.abs(a[aOff + i] * b[bOff + i]);
    }
    return s;
  }

  private static float sumSquaredDiffs(float[] a, int aOff, float[] b, int bOff, int dim) {
    float s = 0;
    for (int i = 0; i < dim; i++) {
      float d = a[aOff + i] - b[bOff + i];
      s += d * d;
    }
    return s;
  }

  private static float tolerance(int dim, float sumAbs) {
    return 2f * dim * U * sumAbs * 1.0001f + Float.MIN_NORMAL;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 17, 127, 128, 1021, 1536})
  void floatKernelsOnArraysMatchScalar(int dim) {
    Random random = new Random(dim);
    float[] a = randomFloats(random, dim + 5);
    float[] b = randomFloats(random, dim + 7);
    int aOff = 5;
    int bOff = 2;
    float dotTol = tolerance(dim, sumAbsProducts(a, aOff, b, bOff, dim));
    assertThat(simd.dotProduct(a, aOff, b, bOff, dim)).isCloseTo(scalar.dotProduct(a, aOff, b, bOff, dim), org.assertj.core.data.Offset.offset(dotTol));
    float l2Tol = tolerance(dim, sumSquaredDiffs(a, aOff, b, bOff, dim));
    assertThat(simd.squareDistance(a, aOff, b, bOff, dim)).isCloseTo(scalar.squareDistance(a, aOff, b, bOff, dim), org.assertj.core.data.Offset.offset(l2Tol));
    // cosine = dot / sqrt(na nb): relative error of dot (over its sum of |products|) plus half
    // the relative errors of the norms, each bounded as above.
    float na = sumAbsProducts(a, aOff, a, aOff, dim);
    float nb = sumAbsProducts(b, bOff, b, bOff, dim);
    float cosTol = (float) (dotTol / Math.sqrt((double) na * nb)) + 2f * dim * U * 2f + 1e-7f;
    assertThat(simd.cosine(a, aOff, b, bOff, dim)).isCloseTo(scalar.cosine(a, aOff, b, bOff, dim), org.assertj.core.data.Offset.offset(cosTol));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 17, 127, 128, 1021, 1536})
  void floatKernelsOnSegmentsMatchScalar(int dim) {
    Random random = new Random(31L * dim);
    float[] q = randomFloats(random, dim);
    int rows = 5;
    float[] data = randomFloats(random, rows * dim);
    try (Arena arena = Arena.ofConfined()) {
      long pad = 4; // rows start off any natural alignment
      MemorySegment seg = offHeap(arena, data, pad);
      float[] out4Dot = new float[5];
      float[] out4L2 = new float[5];
      long[] offsets = {pad + 4L * dim * 3, pad, pad + 4L * dim * 4, pad + 4L * dim};
      simd.dotProduct4(q, seg, offsets[0], offsets[1], offsets[2], offsets[3], dim, out4Dot, 1);
      simd.squareDistance4(q, seg, offsets[0], offsets[1], offsets[2], offsets[3], dim, out4L2, 1);
      float[] scalarOut = new float[4];
      scalar.dotProduct4(q, seg, offsets[0], offsets[1], offsets[2], offsets[3], dim, scalarOut, 0);
      for (int j = 0; j < 4; j++) {
        int row = (int) ((offsets[j] - pad) / (4L * dim));
        int rowOff = row * dim;
        float expectDot = scalar.dotProduct(q, 0, data, rowOff, dim);
        float expectL2 = scalar.squareDistance(q, 0, data, rowOff, dim);
        float dotTol = tolerance(dim, sumAbsProducts(q, 0, data, rowOff, dim));
        float l2Tol = tolerance(dim, sumSquaredDiffs(q, 0, data, rowOff, dim));
        assertThat(scalar.dotProduct(q, seg, offsets[j], dim)).isEqualTo(expectDot);
        assertThat(scalarOut[j]).isEqualTo(expectDot);
        assertThat(simd.dotProduct(q, seg, offsets[j], dim)).isCloseTo(expectDot, org.assertj.core.data.Offset.offset(dotTol));
        assertThat(simd.squareDistance(q, seg, offsets[j], dim)).isCloseTo(expectL2, org.assertj.core.data.Offset.offset(l2Tol));
        assertThat(out4Dot[1 + j]).isCloseTo(expectDot, org.assertj.core.data.Offset.offset(dotTol));
        assertThat(out4L2[1 + j]).isCloseTo(expectL2, org.assertj.core.data.Offset.offset(l2Tol));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 17, 127, 128, 1021, 1536})
  void blockedKernelsMatchScalar(int dim) {
    Random random = new Random(7L * dim);
    int rows = 3;
    for (int nq : new int[] {1, 3, 4, 9}) {
      float[] queries = randomFloats(random, nq * dim);
      float[] data = randomFloats(random, rows * dim);
      try (Arena arena = Arena.ofConfined()) {
        long pad = 8;
        MemorySegment seg = offHeap(arena, data, pad);
        float[] dot = new float[rows * nq];
        float[] l2 = new float[rows * nq];
        float[] scalarDot = new float[rows * nq];
        simd.dotProductBlock(queries, nq, seg, pad, rows, dim, dot);
        simd.squareDistanceBlock(queries, nq, seg, pad, rows, dim, l2);
        scalar.dotProductBlock(queries, nq, seg, pad, rows, dim, scalarDot);
        for (int r = 0; r < rows; r++) {
          for (int q = 0; q < nq; q++) {
            float expectDot = scalar.dotProduct(queries, q * dim, data, r * dim, dim);
            float expectL2 = scalar.squareDistance(queries, q * dim, data, r * dim, dim);
            assertThat(scalarDot[r * nq + q]).isEqualTo(expectDot);
            assertThat(dot[r * nq + q])
                .isCloseTo(expectDot, org.assertj.core.data.Offset.offset(tolerance(dim, sumAbsProducts(queries, q * dim, data, r * dim, dim))));
            assertThat(l2[r * nq + q])
                .isCloseTo(expectL2, org.assertj.core.data.Offset.offset(tolerance(dim, sumSquaredDiffs(queries, q * dim, data, r * dim, dim))));
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 17, 127, 128, 1021, 1536})
  void int8KernelsAreExact(int dim) {
    Random random = new Random(11L * dim);
    byte[] a = new byte[dim + 3];
    byte[] b = new byte[dim + 1];
    random.nextBytes(a);
    random.nextBytes(b);
    a[3] = Byte.MIN_VALUE;
    b[1] = Byte.MIN_VALUE;
    assertThat(simd.dotProduct(a, 3, b, 1, dim)).isEqualTo(scalar.dotProduct(a, 3, b, 1, dim));
    assertThat(simd.squareDistance(a, 3, b, 1, dim)).isEqualTo(scalar.squareDistance(a, 3, b, 1, dim));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 17, 127, 128, 1021, 1536})
  void asymmetricInt8KernelsMatchScalar(int dim) {
    Random random = new Random(13L * dim);
    float[] q = randomFloats(random, dim);
    byte[] codes = new byte[5 * dim + 1];
    random.nextBytes(codes);
    MemorySegment seg = MemorySegment.ofArray(codes);
    float[] out = new float[4];
    long[] offsets = {1, 1 + 2L * dim, 1 + 4L * dim, 1 + dim};
    simd.dotProductI84(q, seg, offsets[0], offsets[1], offsets[2], offsets[3], dim, out, 0);
    for (int j = 0; j < 4; j++) {
      float[] decoded = new float[dim];
      for (int i = 0; i < dim; i++) {
        decoded[i] = codes[(int) offsets[j] + i];
      }
      float expect = scalar.dotProductI8(q, seg, offsets[j], dim);
      assertThat(expect).isEqualTo(scalar.dotProduct(q, 0, decoded, 0, dim));
      float tol = tolerance(dim, sumAbsProducts(q, 0, decoded, 0, dim));
      assertThat(simd.dotProductI8(q, seg, offsets[j], dim)).isCloseTo(expect, org.assertj.core.data.Offset.offset(tol));
      assertThat(out[j]).isCloseTo(expect, org.assertj.core.data.Offset.offset(tol));
    }
  }

  @Test
  void float16DecodeIsBitExactForEveryValue() {
    MemorySegment src = MemorySegment.ofArray(new byte[2 + 2 * 65536]);
    for (int h = 0; h < 65536; h++) {
      src.set(SHORT_LE, 2 + 2L * h, (short) h);
    }
    float[] fromSimd = new float[65536];
    float[] fromScalar = new float[65536];
    simd.decodeFloat16(src, 2, fromSimd, 0, 65536);
    scalar.decodeFloat16(src, 2, fromScalar, 0, 65536);
    for (int h = 0; h < 65536; h++) {
      float expect = Float.float16ToFloat((short) h);
      assertThat(Float.floatToRawIntBits(fromScalar[h])).as("scalar 0x%04x", h).isEqualTo(Float.floatToRawIntBits(expect));
      if (Float.isNaN(expect)) {
        assertThat(fromSimd[h]).as("simd 0x%04x", h).isNaN();
      } else {
        assertThat(Float.floatToRawIntBits(fromSimd[h])).as("simd 0x%04x", h).isEqualTo(Float.floatToRawIntBits(expect));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 17, 127, 128, 1021, 1536})
  void halfPrecisionDecodesHandleTails(int dim) {
    Random random = new Random(17L * dim);
    MemorySegment src = MemorySegment.ofArray(new byte[2 * dim + 2]);
    for (int i = 0; i < dim; i++) {
      src.set(SHORT_LE, 2 + 2L * i, (short) random.nextInt(65536));
    }
    float[] a = new float[dim + 1];
    float[] b = new float[dim + 1];
    simd.decodeBFloat16(src, 2, a, 1, dim);
    scalar.decodeBFloat16(src, 2, b, 1, dim);
    for (int i = 0; i < dim; i++) {
      assertThat(Float.floatToRawIntBits(a[1 + i])).isEqualTo(Float.floatToRawIntBits(b[1 + i]));
      assertThat(Float.floatToRawIntBits(b[1 + i])).isEqualTo(src.get(SHORT_LE, 2 + 2L * i) << 16);
    }
    simd.decodeFloat16(src, 2, a, 1, dim);
    scalar.decodeFloat16(src, 2, b, 1, dim);
    for (int i = 0; i < dim; i++) {
      if (!Float.isNaN(b[1 + i])) {
        assertThat(Float.floatToRawIntBits(a[1 + i])).isEqualTo(Float.floatToRawIntBits(b[1 + i]));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 17, 127, 128, 1021, 1536})
  void binaryKernelsAreExact(int words) {
    Random random = new Random(19L * words);
    long[] a = new long[words + 2];
    long[] b = new long[words + 1];
    for (int i = 0; i < a.length; i++) {
      a[i] = random.nextLong();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = random.nextLong() & random.nextLong();
    }
    assertThat(simd.hamming(a, 2, b, 1, words)).isEqualTo(scalar.hamming(a, 2, b, 1, words));
    int[] s = new int[2];
    int[] v = new int[2];
    simd.intersectionAndUnion(a, 2, b, 1, words, v);
    scalar.intersectionAndUnion(a, 2, b, 1, words, s);
    assertThat(v).containsExactly(s);
  }

  @Test
  void jaccardOfDisjointIdenticalAndEmptyVectors() {
    long[] a = {0b1100L};
    long[] b = {0b0011L};
    long[] zero = {0L};
    assertThat(VectorUtil.jaccard(a, 0, b, 0, 1)).isEqualTo(1f);
    assertThat(VectorUtil.jaccard(a, 0, a, 0, 1)).isEqualTo(0f);
    assertThat(VectorUtil.jaccard(zero, 0, zero, 0, 1)).isEqualTo(0f);
    assertThat(VectorUtil.hamming(a, 0, b, 0, 1)).isEqualTo(4);
  }

  @Test
  void facadeScoresFollowMilvusConventions() {
    float[] a = {1, 2, 3};
    float[] b = {4, 5, 6};
    assertThat(VectorUtil.score(MetricType.L2, a, 0, b, 0, 3)).isEqualTo(27f);
    assertThat(VectorUtil.score(MetricType.IP, a, 0, b, 0, 3)).isEqualTo(32f);
    assertThat(VectorUtil.score(MetricType.COSINE, a, 0, b, 0, 3)).isCloseTo((float) (32 / Math.sqrt(14.0 * 77.0)), org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(VectorUtil.cosine(new float[3], b)).isEqualTo(0f);
  }

  @Test
  void providerHonoursTheSystemProperties() {
    String impl = System.getProperty(VectorizationProvider.IMPL_PROPERTY, "auto");
    String expectedSimd = "simd-" + System.getProperty(VectorizationProvider.BITS_PROPERTY, "256");
    assertThat(simd.name()).isEqualTo(expectedSimd);
    assertThat(VectorUtil.support().name()).isEqualTo(impl.equals("scalar") ? "scalar" : expectedSimd);
  }

  @Test
  void badPropertyValuesNameTheProperty() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> VectorizationProvider.parseImpl("avx"))
        .hasMessageContaining(VectorizationProvider.IMPL_PROPERTY);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> VectorizationProvider.parseBits("128"))
        .hasMessageContaining(VectorizationProvider.BITS_PROPERTY);
    assertThat(VectorizationProvider.parseImpl(null)).isEqualTo(VectorizationProvider.Impl.AUTO);
    assertThat(VectorizationProvider.parseBits(" 512 ")).isEqualTo(512);
  }
}
