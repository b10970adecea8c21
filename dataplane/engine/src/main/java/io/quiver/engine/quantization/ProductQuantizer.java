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

/**
 * Product quantization: the vector is cut into {@code m} sub-vectors of {@code dim / m}
 * dimensions, and each is replaced by the index of the nearest of {@code 2^nbits} centres
 * learned by {@link KMeans} for that subspace ({@code nbits <= 8}: one byte per sub-vector).
 *
 * <p>Scoring is asymmetric: per query, a table of the query's score against every centre of
 * every subspace ({@code m * 2^nbits} floats: dot products, or squared distances for L2); a
 * vector then costs {@code m} table lookups.
 *
 * <p>Immutable and thread safe.
 */
public final class ProductQuantizer {

  private static final int SAMPLE = 32_768;
  private static final int ITERATIONS = 12;

  private final int dim;
  private final int m;
  private final int nbits;
  private final int ksub;
  private final int dsub;
  /** {@code m} codebooks of {@code ksub} centres of {@code dsub} floats. */
  private final float[] codebooks;

  private ProductQuantizer(int dim, int m, int nbits, float[] codebooks) {
    this.dim = dim;
    this.m = m;
    this.nbits = nbits;
    this.ksub = 1 << nbits;
    this.dsub = dim / m;
    this.codebooks = codebooks;
  }

  public int m() {
    return m;
  }

  public int nbits() {
    return nbits;
  }

  /**
   * Trains on (a sample of) {@code vectors}. {@code m} must divide the dimension, {@code nbits}
   * lie in [1, 8]; callers validate.
   */
  public static ProductQuantizer train(FloatVectorStore vectors, int m, int nbits, long seed, int threads) {
    int n = vectors.size();
    int dim = vectors.dimension();
    int ksub = 1 << nbits;
    int dsub = dim / m;
    int[] rows = ScalarQuantizer.sampleRows(n, Math.min(n, SAMPLE), seed);
    int s = rows.length;
    float[] codebooks = new float[m * ksub * dsub];
    float[] row = new float[dim];
    float[][] subs = new float[m][s * dsub];
    for (int i = 0; i < s; i++) {
      vectors.copy(rows[i], row);
      for (int j = 0; j < m; j++) {
        System.arraycopy(row, j * dsub, subs[j], i * dsub, dsub);
      }
    }
    KMeans.parallel(threads, s == 0 ? 0 : m, j -> {
      int k = Math.min(ksub, s);
      float[] centres = KMeans.train(subs[j], dsub, k, ITERATIONS, seed + j, 1);
      System.arraycopy(centres, 0, codebooks, j * ksub * dsub, centres.length);
      for (int c = k; c < ksub; c++) { // fewer points than centres: repeat the last
        System.arraycopy(centres, (k - 1) * dsub, codebooks, (j * ksub + c) * dsub, dsub);
      }
    });
    return new ProductQuantizer(dim, m, nbits, codebooks);
  }

  /** Encodes every vector: {@code n * m} bytes, row {@code i} at {@code i * m}. */
  public PqVectorStore encode(FloatVectorStore vectors, MetricType metric, int threads) {
    int n = vectors.size();
    Arena arena = Arena.ofShared();
    MemorySegment codes = arena.allocate(Math.max(1L, (long) n * m), 64);
    int chunk = 1024;
    KMeans.parallel(threads, (n + chunk - 1) / chunk, c -> {
      float[] row = new float[dim];
      byte[] code = new byte[m];
      for (int i = c * chunk, end = Math.min(n, i + chunk); i < end; i++) {
        vectors.copy(i, row);
        encode(row, code);
        MemorySegment.copy(code, 0, codes, ValueLayout.JAVA_BYTE, (long) i * m, m);
      }
    });
    return new PqVectorStore(this, metric, codes.asSlice(0, (long) n * m), n, arena);
  }

  /** The code of {@code v}: per subspace, the nearest centre. */
  public void encode(float[] v, byte[] out) {
    for (int j = 0; j < m; j++) {
      int best = 0;
      float bestDist = Float.POSITIVE_INFINITY;
      int base = j * ksub * dsub;
      for (int c = 0; c < ksub; c++) {
        float d = VectorUtil.squareDistance(v, j * dsub, codebooks, base + c * dsub, dsub);
        if (d < bestDist) {
          bestDist = d;
          best = c;
        }
      }
      out[j] = (byte) best;
    }
  }

  /** Per-query table: {@code table[j * 2^nbits + c]} is the query's score against centre c of subspace j. */
  float[] table(float[] q, boolean l2) {
    float[] table = new float[m * ksub];
    for (int j = 0; j < m; j++) {
      int base = j * ksub * dsub;
      for (int c = 0; c < ksub; c++) {
        table[j * ksub + c] = l2
            ? VectorUtil.squareDistance(q, j * dsub, codebooks, base + c * dsub, dsub)
            : VectorUtil.dotProduct(q, j * dsub, codebooks, base + c * dsub, dsub);
      }
    }
    return table;
  }

  /** The codebooks as bytes: int32 m, int32 nbits, then m * 2^nbits * (dim / m) float32. */
  public MemorySegment toSegment() {
    MemorySegment seg = MemorySegment.ofArray(new byte[8 + 4 * codebooks.length]);
    seg.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 0, m);
    seg.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 4, nbits);
    MemorySegment.copy(codebooks, 0, seg, ScalarQuantizer.FLOAT_LE, 8, codebooks.length);
    return seg;
  }

  /** Reads what {@link #toSegment()} wrote. */
  public static ProductQuantizer fromSegment(MemorySegment seg, int dimension) throws IOException {
    if (seg.byteSize() < 8) {
      throw new IOException("product quantizer section too short");
    }
    int m = seg.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 0);
    int nbits = seg.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 4);
    if (m <= 0 || dimension % m != 0 || nbits < 1 || nbits > 8 || seg.byteSize() != 8L + 4L * (1 << nbits) * dimension) {
      throw new IOException("corrupt product quantizer section (m " + m + ", nbits " + nbits + ")");
    }
    float[] codebooks = new float[(1 << nbits) * dimension];
    MemorySegment.copy(seg, ScalarQuantizer.FLOAT_LE, 8, codebooks, 0, codebooks.length);
    return new ProductQuantizer(dimension, m, nbits, codebooks);
  }

  /** PQ codes with the quantizer that made them. */
  public static final class PqVectorStore implements ScoringStore, AutoCloseable {
    private final ProductQuantizer pq;
    private final boolean l2;
    private final MemorySegment codes;
    private final int size;
    private final Arena arena;

    PqVectorStore(ProductQuantizer pq, MetricType metric, MemorySegment codes, int size, Arena arena) {
      this.pq = pq;
      this.l2 = metric == MetricType.L2;
      this.codes = codes;
      this.size = size;
      this.arena = arena;
    }

    /** Wraps codes in {@link ProductQuantizer#encode}'s layout; not owned. */
    public static PqVectorStore wrap(ProductQuantizer pq, MetricType metric, MemorySegment codes, int size) throws IOException {
      if (codes.byteSize() != (long) size * pq.m) {
        throw new IOException("product quantized codes have " + codes.byteSize() + " bytes, expected " + (long) size * pq.m);
      }
      return new PqVectorStore(pq, metric, codes, size, null);
    }

    public ProductQuantizer quantizer() {
      return pq;
    }

    public MemorySegment codes() {
      return codes;
    }

    @Override
    public long byteSize() {
      return codes.byteSize() + 4L * pq.codebooks.length;
    }

    @Override
    public QueryScorer scorer(float[] q) {
      return new TableScorer(pq.table(q, l2), l2, codes, pq.m, pq.ksub);
    }

    @Override
    public void close() {
      if (arena != null) {
        arena.close();
      }
    }
  }

  /** Sums table entries; similarity is the negated sum for L2. */
  static final class TableScorer extends QueryScorer {
    private final float[] table;
    private final float sign;
    private final MemorySegment codes;
    private final int m;
    private final int ksub;

    TableScorer(float[] table, boolean l2, MemorySegment codes, int m, int ksub) {
      this.table = table;
      this.sign = l2 ? -1f : 1f;
      this.codes = codes;
      this.m = m;
      this.ksub = ksub;
    }

    @Override
    public float score(int ord) {
      long off = (long) ord * m;
      float sum = 0f;
      for (int j = 0; j < m; j++) {
        sum += table[j * ksub + (codes.get(ValueLayout.JAVA_BYTE, off + j) & 0xff)];
      }
      return sign * sum;
    }

    @Override
    public void score(int[] ords, int count, float[] out) {
      for (int i = 0; i < count; i++) {
        out[i] = score(ords[i]);
      }
    }
  }
}
