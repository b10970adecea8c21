package io.quiver.engine.index.flat;

import io.quiver.engine.index.FloatVectorValues;
import io.quiver.engine.index.IndexParams;
import io.quiver.engine.index.SearchHits;
import io.quiver.engine.index.TopKCollector;
import io.quiver.engine.index.VectorIndex;
import io.quiver.engine.util.Bits;
import io.quiver.engine.vector.MetricType;
import io.quiver.engine.vector.VectorUtil;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Exact search by scanning every vector. Holds the vectors row-major in one array; for COSINE
 * it keeps unit-length copies and scores by inner product.
 *
 * <p>Binary format (big endian): magic {@code "QFLT"}, int version (1), int metric ordinal,
 * int dimension, int size. The vectors themselves are the segment's and are not written.
 */
public final class FlatIndex implements VectorIndex {

  static final int MAGIC = 0x51464C54; // "QFLT"
  static final int VERSION = 1;

  private final MetricType metric;
  private final int dimension;
  private final int size;
  private final float[] data;

  FlatIndex(FloatVectorValues vectors, MetricType metric) {
    this.metric = metric;
    this.dimension = vectors.dimension();
    this.size = vectors.size();
    this.data = new float[Math.multiplyExact(size, dimension)];
    float[] row = new float[dimension];
    for (int ord = 0; ord < size; ord++) {
      vectors.copy(ord, row, 0);
      if (metric == MetricType.COSINE) {
        VectorUtil.normalizeInPlace(row);
      }
      System.arraycopy(row, 0, data, ord * dimension, dimension);
    }
  }

  @Override
  public String type() {
    return FlatIndexFactory.TYPE;
  }

  @Override
  public MetricType metric() {
    return metric;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public SearchHits search(float[] query, int k, Bits accept, IndexParams searchParams) {
    float[] q = metric == MetricType.COSINE ? VectorUtil.normalized(query) : query;
    TopKCollector collector = new TopKCollector(Math.min(k, size), metric);
    for (int ord = 0; ord < size; ord++) {
      if (accept != null && !accept.get(ord)) {
        continue;
      }
      float score =
          metric == MetricType.L2
              ? VectorUtil.squareDistance(q, 0, data, ord * dimension, dimension)
              : VectorUtil.dotProduct(q, 0, data, ord * dimension, dimension);
      collector.collect(ord, score);
    }
    return collector.toHits();
  }

  @Override
  public long ramBytesUsed() {
    return 64L + (long) data.length * Float.BYTES;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    DataOutputStream dos = new DataOutputStream(out);
    dos.writeInt(MAGIC);
    dos.writeInt(VERSION);
    dos.writeInt(metric.ordinal());
    dos.writeInt(dimension);
    dos.writeInt(size);
    dos.flush();
  }
}
