package io.quiver.bench.jmh;

import io.quiver.engine.vector.VectorUtilSupport;
import io.quiver.engine.vector.VectorizationProvider;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scalar / Vector API pairs of every kernel ({@code impl} = scalar or simd), at the dimensions
 * of the benchmark sets. The SIMD width is the JVM's ({@code -Dquiver.vector.bits}, default
 * 256); compare widths with {@code bench.sh jmh -jvmArgsAppend -Dquiver.vector.bits=512}.
 *
 * <p>Each trial first checks that its implementation agrees with the scalar reference on the
 * benchmark's own data (float sums within 2 n 2^-24 of the sum of absolute terms, integers and
 * decodes exactly) and fails otherwise, so a fast wrong kernel cannot produce a number.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class VectorKernelBenchmark {

  private static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  @Param({"scalar", "simd"})
  public String impl;

  @Param({"128", "384", "768"})
  public int dim;

  private VectorUtilSupport kernels;
  private float[] a;
  private float[] b;
  private byte[] ia;
  private byte[] ib;
  private long[] wa;
  private long[] wb;
  private float[] out4;
  private float[] decoded;
  private Arena arena;
  private MemorySegment rows;
  private MemorySegment codes;
  private MemorySegment halves;

  @Setup(Level.Trial)
  public void setUp() {
    VectorUtilSupport scalar = VectorizationProvider.scalar();
    kernels = impl.equals("scalar") ? scalar : VectorizationProvider.simd().orElseThrow();
    Random random = new Random(dim);
    a = new float[dim];
    b = new float[dim];
    for (int i = 0; i < dim; i++) {
      a[i] = (float) random.nextGaussian();
      b[i] = (float) random.nextGaussian();
    }
    ia = new byte[dim];
    ib = new byte[dim];
    random.nextBytes(ia);
    random.nextBytes(ib);
    wa = new long[dim / 8];
    wb = new long[dim / 8];
    for (int i = 0; i < wa.length; i++) {
      wa[i] = random.nextLong();
      wb[i] = random.nextLong();
    }
    out4 = new float[4];
    decoded = new float[dim];
    arena = Arena.ofShared();
    rows = arena.allocate(4L * dim * 4, 64);
    for (int r = 0; r < 4; r++) {
      MemorySegment.copy(b, 0, rows, FLOAT_LE, 4L * dim * r, dim);
    }
    codes = arena.allocate(4L * dim, 64);
    MemorySegment.copy(MemorySegment.ofArray(ib), 0, codes, 0, dim);
    halves = arena.allocate(2L * dim, 64);
    for (int i = 0; i < dim; i++) {
      halves.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 2L * i, Float.floatToFloat16(a[i]));
    }
    check(scalar);
  }

  private void check(VectorUtilSupport ref) {
    float sumAbs = 0;
    float sumSq = 0;
    for (int i = 0; i < dim; i++) {
      sumAbs += Math.abs(a[i] * b[i]);
      sumSq += (a[i] - b[i]) * (a[i] - b[i]);
    }
    float tolDot = 2f * dim * 0x1p-24f * sumAbs * 1.001f;
    float tolL2 = 2f * dim * 0x1p-24f * sumSq * 1.001f;
    near("dotProduct", kernels.dotProduct(a, 0, b, 0, dim), ref.dotProduct(a, 0, b, 0, dim), tolDot);
    near("squareDistance", kernels.squareDistance(a, 0, b, 0, dim), ref.squareDistance(a, 0, b, 0, dim), tolL2);
    near("dotProduct(segment)", kernels.dotProduct(a, rows, 0, dim), ref.dotProduct(a, 0, b, 0, dim), tolDot);
    kernels.dotProduct4(a, rows, 0, 4L * dim, 8L * dim, 12L * dim, dim, out4, 0);
    near("dotProduct4", out4[3], ref.dotProduct(a, 0, b, 0, dim), tolDot);
    exact("int8 dot", kernels.dotProduct(ia, 0, ib, 0, dim), ref.dotProduct(ia, 0, ib, 0, dim));
    exact("int8 l2", kernels.squareDistance(ia, 0, ib, 0, dim), ref.squareDistance(ia, 0, ib, 0, dim));
    exact("hamming", kernels.hamming(wa, 0, wb, 0, wa.length), ref.hamming(wa, 0, wb, 0, wa.length));
    float[] expect = new float[dim];
    ref.decodeFloat16(halves, 0, expect, 0, dim);
    kernels.decodeFloat16(halves, 0, decoded, 0, dim);
    for (int i = 0; i < dim; i++) {
      exact("decodeFloat16", Float.floatToRawIntBits(decoded[i]), Float.floatToRawIntBits(expect[i]));
    }
  }

  private static void near(String kernel, float got, float expected, float tolerance) {
    if (!(Math.abs(got - expected) <= tolerance)) {
      throw new IllegalStateException(kernel + " disagrees with the scalar reference: " + got + " vs " + expected);
    }
  }

  private static void exact(String kernel, long got, long expected) {
    if (got != expected) {
      throw new IllegalStateException(kernel + " disagrees with the scalar reference: " + got + " vs " + expected);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    arena.close();
  }

  @Benchmark
  public float dotProductArray() {
    return kernels.dotProduct(a, 0, b, 0, dim);
  }

  @Benchmark
  public float squareDistanceArray() {
    return kernels.squareDistance(a, 0, b, 0, dim);
  }

  @Benchmark
  public float cosineArray() {
    return kernels.cosine(a, 0, b, 0, dim);
  }

  @Benchmark
  public float dotProductSegment() {
    return kernels.dotProduct(a, rows, 0, dim);
  }

  @Benchmark
  public float squareDistanceSegment() {
    return kernels.squareDistance(a, rows, 0, dim);
  }

  /** Four rows per call; compare with four calls of {@link #dotProductSegment}. */
  @Benchmark
  public float[] dotProduct4Segment() {
    kernels.dotProduct4(a, rows, 0, 4L * dim, 8L * dim, 12L * dim, dim, out4, 0);
    return out4;
  }

  @Benchmark
  public float dotProductInt8Float() {
    return kernels.dotProductI8(a, codes, 0, dim);
  }

  @Benchmark
  public int dotProductInt8() {
    return kernels.dotProduct(ia, 0, ib, 0, dim);
  }

  @Benchmark
  public int squareDistanceInt8() {
    return kernels.squareDistance(ia, 0, ib, 0, dim);
  }

  @Benchmark
  public float[] decodeFloat16() {
    kernels.decodeFloat16(halves, 0, decoded, 0, dim);
    return decoded;
  }

  @Benchmark
  public int hamming() {
    return kernels.hamming(wa, 0, wb, 0, wa.length);
  }
}
