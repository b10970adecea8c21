package io.quiver.engine.quantization;

import io.quiver.engine.index.store.FloatVectorStore;
import io.quiver.engine.index.store.QueryScorer;
import io.quiver.engine.index.store.ScoringStore;
import io.quiver.engine.vector.MetricType;
import io.quiver.engine.vector.VectorUtil;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * 8-bit scalar quantization, one range per dimension: value {@code x_d} is stored as the signed
 * byte {@code c_d = round((x_d - lo_d) / step_d) - 128}, with {@code [lo_d, lo_d + 255 step_d]}
 * the range between the 0.05th and 99.95th percentiles of a sample (values outside clip).
 *
 * <p>Scoring is asymmetric: the query stays float32 and the codes are decoded implicitly.
 * Because {@code x̂_d = lo_d + step_d (c_d + 128)},
 *
 * <pre>
 *   q · x̂ = sum_d q_d (lo_d + 128 step_d) + sum_d (q_d step_d) c_d
 * </pre>
 *
 * so a query is prepared once ({@code q' = q * step} and the constant), and each vector costs
 * one int8-by-float dot product ({@link VectorUtil#dotProductI8}). For L2 each row also stores
 * {@code |x̂|^2} (float32 after the codes), since {@code |q - x̂|^2 = |q|^2 - 2 q·x̂ + |x̂|^2}.
 *
 * <p>Immutable and thread safe.
 */
public final class ScalarQuantizer {

  private static final double CLIP = 0.0005;
  private static final int SAMPLE = 20_000;
  static final ValueLayout.OfFloat FLOAT_LE = FloatVectorStore.FLOAT_LE;

  private final float[] lo;
  private final float[] step;

  private ScalarQuantizer(float[] lo, float[] step) {
    this.lo = lo;
    this.step = step;
  }

  public int dimension() {
    return lo.length;
  }

  /** Learns per-dimension ranges from (a sample of) {@code vectors}. */
  public static ScalarQuantizer train(FloatVectorStore vectors, long seed) {
    int n = vectors.size();
    int dim = vectors.dimension();
    int samples = Math.min(n, SAMPLE);
    int[] rows = sampleRows(n, samples, seed);
    float[][] columns = new float[dim][samples];
    float[] row = new float[dim];
    for (int s = 0; s < samples; s++) {
      vectors.copy(rows[s], row);
      for (int d = 0; d < dim; d++) {
        columns[d][s] = row[d];
      }
    }
    float[] lo = new float[dim];
    float[] step = new float[dim];
    for (int d = 0; d < dim; d++) {
      float[] col = columns[d];
      if (samples == 0) {
        step[d] = 1f;
        continue;
      }
      Arrays.sort(col);
      int cut = (int) (CLIP * samples);
      float min = col[cut];
      float max = col[samples - 1 - cut];
      lo[d] = min;
      step[d] = max > min ? (max - min) / 255f : 1f;
    }
    return new ScalarQuantizer(lo, step);
  }

  static int[] sampleRows(int n, int samples, long seed) {
    int[] rows = new int[samples];
    if (samples == n) {
      for (int i = 0; i < n; i++) {
        rows[i] = i;
      }
      return rows;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < samples; i++) {
      rows[i] = random.nextInt(n);
    }
    return rows;
  }

  /** Bytes per encoded row: the codes, plus the float {@code |x̂|^2} for L2. */
  public static int rowBytes(int dimension, MetricType metric) {
    return dimension + (metric == MetricType.L2 ? 4 : 0);
  }

  /** Encodes every vector of {@code vectors} into a new off-heap store. */
  public SqVectorStore encode(FloatVectorStore vectors, MetricType metric) {
    int n = vectors.size();
    int dim = vectors.dimension();
    int rowBytes = rowBytes(dim, metric);
    Arena arena = Arena.ofShared();
    MemorySegment codes = arena.allocate(Math.max(1L, (long) n * rowBytes), 64);
    float[] row = new float[dim];
    byte[] encoded = new byte[rowBytes];
    MemorySegment encodedSeg = MemorySegment.ofArray(encoded);
    for (int ord = 0; ord < n; ord++) {
      vectors.copy(ord, row);
      float normSq = 0f;
      for (int d = 0; d < dim; d++) {
        int c = Math.round((row[d] - lo[d]) / step[d]);
        c = Math.max(0, Math.min(255, c));
        encoded[d] = (byte) (c - 128);
        float decoded = lo[d] + step[d] * c;
        normSq += decoded * decoded;
      }
      if (metric == MetricType.L2) {
        encodedSeg.set(FLOAT_LE, dim, normSq);
      }
      MemorySegment.copy(encodedSeg, 0, codes, (long) ord * rowBytes, rowBytes);
    }
    return new SqVectorStore(this, metric, codes.asSlice(0, (long) n * rowBytes), n, arena);
  }

  /** The ranges as bytes: dimension float32 {@code lo}, then dimension float32 {@code step}. */
  public MemorySegment toSegment() {
    int dim = lo.length;
    MemorySegment seg = MemorySegment.ofArray(new byte[8 * dim]);
    MemorySegment.copy(lo, 0, seg, FLOAT_LE, 0, dim);
    MemorySegment.copy(step, 0, seg, FLOAT_LE, 4L * dim, dim);
    return seg;
  }

  /** Reads what {@link #toSegment()} wrote. */
  public static ScalarQuantizer fromSegment(MemorySegment seg, int dimension) throws IOException {
    if (seg.byteSize() != 8L * dimension) {
      throw new IOException("scalar quantizer section has " + seg.byteSize() + " bytes, expected " + 8L * dimension);
    }
    float[] lo = new float[dimension];
    float[] step = new float[dimension];
    MemorySegment.copy(seg, FLOAT_LE, 0, lo, 0, dimension);
    MemorySegment.copy(seg, FLOAT_LE, 4L * dimension, step, 0, dimension);
    return new ScalarQuantizer(lo, step);
  }

  /** Int8 codes with the quantizer that made them. */
  public static final class SqVectorStore implements ScoringStore, AutoCloseable {
    private final ScalarQuantizer quantizer;
    private final boolean l2;
    private final MemorySegment codes;
    private final int size;
    private final int dim;
    private final long rowBytes;
    private final Arena arena;

    SqVectorStore(ScalarQuantizer quantizer, MetricType metric, MemorySegment codes, int size, Arena arena) {
      this.quantizer = quantizer;
      this.l2 = metric == MetricType.L2;
      this.codes = codes;
      this.size = size;
      this.dim = quantizer.dimension();
      this.rowBytes = rowBytes(dim, metric);
      this.arena = arena;
    }

    /** Wraps codes in {@link ScalarQuantizer#encode}'s layout (e.g. from a mapped file); not owned. */
    public static SqVectorStore wrap(ScalarQuantizer quantizer, MetricType metric, MemorySegment codes, int size) throws IOException {
      if (codes.byteSize() != (long) size * rowBytes(quantizer.dimension(), metric)) {
        throw new IOException("scalar quantized codes have " + codes.byteSize() + " bytes, expected " + (long) size * rowBytes(quantizer.dimension(), metric));
      }
      return new SqVectorStore(quantizer, metric, codes, size, null);
    }

    public ScalarQuantizer quantizer() {
      return quantizer;
    }

    public MemorySegment codes() {
      return codes;
    }

    @Override
    public long byteSize() {
      return codes.byteSize() + 8L * dim;
    }

    @Override
    public QueryScorer scorer(float[] q) {
      float[] scaled = new float[dim];
      float constant = 0f;
      float[] lo = quantizer.lo;
      float[] step = quantizer.step;
      for (int d = 0; d < dim; d++) {
        scaled[d] = q[d] * step[d];
        constant += q[d] * (lo[d] + 128f * step[d]);
      }
      if (l2) {
        return new L2Scorer(scaled, constant, VectorUtil.dotProduct(q, q), codes, dim, rowBytes);
      }
      return new DotScorer(scaled, constant, codes, dim, rowBytes);
    }

    @Override
    public void close() {
      if (arena != null) {
        arena.close();
      }
    }
  }

  private static final class DotScorer extends QueryScorer {
    private final float[] q;
    private final float constant;
    private final MemorySegment codes;
    private final int dim;
    private final long rowBytes;

    DotScorer(float[] q, float constant, MemorySegment codes, int dim, long rowBytes) {
      this.q = q;
      this.constant = constant;
      this.codes = codes;
      this.dim = dim;
      this.rowBytes = rowBytes;
    }

    @Override
    public float score(int ord) {
      return constant + VectorUtil.dotProductI8(q, codes, ord * rowBytes, dim);
    }

    @Override
    public void score(int[] ords, int count, float[] out) {
      int i = 0;
      for (; i + 4 <= count; i += 4) {
        VectorUtil.dotProductI84(q, codes, ords[i] * rowBytes, ords[i + 1] * rowBytes, ords[i + 2] * rowBytes, ords[i + 3] * rowBytes, dim, out, i);
        out[i] += constant;
        out[i + 1] += constant;
        out[i + 2] += constant;
        out[i + 3] += constant;
      }
      for (; i < count; i++) {
        out[i] = constant + VectorUtil.dotProductI8(q, codes, ords[i] * rowBytes, dim);
      }
    }
  }

  private static final class L2Scorer extends QueryScorer {
    private final float[] q;
    private final float constant;
    private final float queryNormSq;
    private final MemorySegment codes;
    private final int dim;
    private final long rowBytes;

    L2Scorer(float[] q, float constant, float queryNormSq, MemorySegment codes, int dim, long rowBytes) {
      this.q = q;
      this.constant = constant;
      this.queryNormSq = queryNormSq;
      this.codes = codes;
      this.dim = dim;
      this.rowBytes = rowBytes;
    }

    private float fromDot(float dot, long rowOffset) {
      return 2f * (constant + dot) - codes.get(FLOAT_LE, rowOffset + dim) - queryNormSq;
    }

    @Override
    public float score(int ord) {
      long off = ord * rowBytes;
      return fromDot(VectorUtil.dotProductI8(q, codes, off, dim), off);
    }

    @Override
    public void score(int[] ords, int count, float[] out) {
      int i = 0;
      for (; i + 4 <= count; i += 4) {
        long o0 = ords[i] * rowBytes;
        long o1 = ords[i + 1] * rowBytes;
        long o2 = ords[i + 2] * rowBytes;
        long o3 = ords[i + 3] * rowBytes;
        VectorUtil.dotProductI84(q, codes, o0, o1, o2, o3, dim, out, i);
        out[i] = fromDot(out[i], o0);
        out[i + 1] = fromDot(out[i + 1], o1);
        out[i + 2] = fromDot(out[i + 2], o2);
        out[i + 3] = fromDot(out[i + 3], o3);
      }
      for (; i < count; i++) {
        out[i] = score(ords[i]);
      }
    }
  }
}
