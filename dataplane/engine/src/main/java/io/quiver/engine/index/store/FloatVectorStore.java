package io.quiver.engine.index.store;

import io.quiver.engine.index.FloatVectorValues;
import io.quiver.engine.vector.MetricType;
import io.quiver.engine.vector.VectorUtil;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Dense float32 vectors held row-major, little-endian, in one {@link MemorySegment} off the Java
 * heap (allocated here, or a slice of a memory-mapped index file). For {@link MetricType#COSINE}
 * the rows are unit length, so cosine is scored as an inner product.
 *
 * <p>Rows start at {@code ord * dimension * 4}; the segment is 64-byte aligned when allocated
 * here. Immutable after construction and safe for concurrent reads. {@link #close()} frees the
 * memory this store allocated (never a mapped segment it only wraps).
 */
public final class FloatVectorStore implements ScoringStore, AutoCloseable {

  public static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final MemorySegment data;
  private final int size;
  private final int dimension;
  private final long rowBytes;
  private final boolean l2;
  private final Arena arena;

  private FloatVectorStore(MemorySegment data, int size, int dimension, MetricType metric, Arena arena) {
    this.data = data;
    this.size = size;
    this.dimension = dimension;
    this.rowBytes = 4L * dimension;
    this.l2 = metric == MetricType.L2;
    this.arena = arena;
  }

  /** Copies {@code values} off heap, normalising each row for COSINE. */
  public static FloatVectorStore copyOf(FloatVectorValues values, MetricType metric) {
    return copyOf(values, metric, metric == MetricType.COSINE);
  }

  /** Copies {@code values} off heap, normalising each row only when asked (rows already unit length need not be). */
  public static FloatVectorStore copyOf(FloatVectorValues values, MetricType metric, boolean normalize) {
    int size = values.size();
    int dim = values.dimension();
    Arena arena = Arena.ofShared();
    MemorySegment seg = arena.allocate(Math.max(1L, (long) size * dim * 4), 64);
    float[] row = new float[dim];
    for (int ord = 0; ord < size; ord++) {
      values.copy(ord, row, 0);
      if (normalize) {
        VectorUtil.normalizeInPlace(row);
      }
      MemorySegment.copy(row, 0, seg, FLOAT_LE, (long) ord * dim * 4, dim);
    }
    return new FloatVectorStore(seg, size, dim, metric, arena);
  }

  /** Wraps rows already laid out as this class describes (e.g. a mapped file); not owned. */
  public static FloatVectorStore wrap(MemorySegment data, int size, int dimension, MetricType metric) {
    if (data.byteSize() < (long) size * dimension * 4) {
      throw new IllegalArgumentException("segment of " + data.byteSize() + " bytes is too small for " + size + " x " + dimension + " floats");
    }
    return new FloatVectorStore(data, size, dimension, metric, null);
  }

  public int size() {
    return size;
  }

  public int dimension() {
    return dimension;
  }

  /** The rows (live view). */
  public MemorySegment segment() {
    return data;
  }

  @Override
  public long byteSize() {
    return (long) size * rowBytes;
  }

  /** Copies row {@code ord} into {@code dst[0 .. dimension)}. */
  public void copy(int ord, float[] dst) {
    MemorySegment.copy(data, FLOAT_LE, ord * rowBytes, dst, 0, dimension);
  }

  /**
   * A scorer for {@code query}, which must already be prepared: unit length for COSINE (see
   * {@link #prepareQuery}). The array is read, not copied, while the scorer is in use.
   */
  @Override
  public QueryScorer scorer(float[] query) {
    return l2 ? new L2Scorer(query, data, dimension, rowBytes) : new DotScorer(query, data, dimension, rowBytes);
  }

  /** The query as this store scores it: a normalised copy for COSINE, else itself. */
  public static float[] prepareQuery(float[] query, MetricType metric) {
    return metric == MetricType.COSINE ? VectorUtil.normalized(query) : query;
  }

  /** Converts a similarity from {@link QueryScorer} to the metric's Milvus score. */
  public static float toMilvusScore(float similarity, MetricType metric) {
    return metric == MetricType.L2 ? -similarity : similarity;
  }

  @Override
  public void close() {
    if (arena != null) {
      arena.close();
    }
  }

  private static final class DotScorer extends QueryScorer {
    private final float[] q;
    private final MemorySegment data;
    private final int dim;
    private final long rowBytes;

    DotScorer(float[] q, MemorySegment data, int dim, long rowBytes) {
      this.q = q;
      this.data = data;
      this.dim = dim;
      this.rowBytes = rowBytes;
    }

    @Override
    public float score(int ord) {
      return VectorUtil.dotProduct(q, data, ord * rowBytes, dim);
    }

    @Override
    public void score(int[] ords, int count, float[] out) {
      int i = 0;
      for (; i + 4 <= count; i += 4) {
        VectorUtil.dotProduct4(q, data, ords[i] * rowBytes, ords[i + 1] * rowBytes, ords[i + 2] * rowBytes, ords[i + 3] * rowBytes, dim, out, i);
      }
      for (; i < count; i++) {
        out[i] = VectorUtil.dotProduct(q, data, ords[i] * rowBytes, dim);
      }
    }
  }

  private static final class L2Scorer extends QueryScorer {
    private final float[] q;
    private final MemorySegment data;
    private final int dim;
    private final long rowBytes;

    L2Scorer(float[] q, MemorySegment data, int dim, long rowBytes) {
      this.q = q;
      this.data = data;
      this.dim = dim;
      this.rowBytes = rowBytes;
    }

    @Override
    public float score(int ord) {
      return -VectorUtil.squareDistance(q, data, ord * rowBytes, dim);
    }

    @Override
    public void score(int[] ords, int count, float[] out) {
      int i = 0;
      for (; i + 4 <= count; i += 4) {
        VectorUtil.squareDistance4(q, data, ords[i] * rowBytes, ords[i + 1] * rowBytes, ords[i + 2] * rowBytes, ords[i + 3] * rowBytes, dim, out, i);
        out[i] = -out[i];
        out[i + 1] = -out[i + 1];
        out[i + 2] = -out[i + 2];
        out[i + 3] = -out[i + 3];
      }
      for (; i < count; i++) {
        out[i] = -VectorUtil.squareDistance(q, data, ords[i] * rowBytes, dim);
      }
    }
  }
}
