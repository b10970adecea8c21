package io.quiver.engine.index.flat;

import io.quiver.engine.error.QuiverException;
import io.quiver.engine.index.FloatVectorValues;
import io.quiver.engine.index.IndexParams;
import io.quiver.engine.index.SearchHits;
import io.quiver.engine.index.Selectivity;
import io.quiver.engine.index.TopKCollector;
import io.quiver.engine.index.VectorIndex;
import io.quiver.engine.index.store.FloatVectorStore;
import io.quiver.engine.index.store.QueryScorer;
import io.quiver.engine.util.Bits;
import io.quiver.engine.util.FixedBitSet;
import io.quiver.engine.vector.MetricType;
import io.quiver.engine.vector.VectorUtil;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;

/**
 * Exact search by scanning every vector. Holds the vectors row-major off the Java heap
 * ({@link FloatVectorStore}; unit-length copies for COSINE, scored by inner product) and scans
 * them in blocks with the blocked kernels: one query streams the rows at memory bandwidth; a
 * batch ({@link #searchBatch}) scores up to {@value #QUERY_BLOCK} queries per pass over a block,
 * so each row is read from memory once per block of queries.
 *
 * <p>A filter accepting few rows is scanned by gathering the accepted ordinals; a dense filter
 * by scanning everything and skipping rejected rows when collecting.
 *
 * <p>Binary format (big endian): magic {@code "QFLT"}, int version (1), int metric ordinal,
 * int dimension, int size. The vectors themselves are the segment's and are not written.
 *
 * <p>Thread safe.
 */
public final class FlatIndex implements VectorIndex {

  static final int MAGIC = 0x51464C54; // "QFLT"
  static final int VERSION = 1;
  static final int QUERY_BLOCK = 16;
  private static final int ROW_BLOCK = 256;
  private static final double GATHER_BELOW = 0.25;

  private final MetricType metric;
  private final int dimension;
  private final int size;
  private final FloatVectorStore store;

  FlatIndex(FloatVectorValues vectors, MetricType metric) {
    this.metric = metric;
    this.dimension = vectors.dimension();
    this.size = vectors.size();
    this.store = FloatVectorStore.copyOf(vectors, metric);
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
    return searchBatch(new float[][] {query}, k, accept, searchParams)[0];
  }

  @Override
  public SearchHits[] searchBatch(float[][] queries, int k, Bits accept, IndexParams searchParams) {
    SearchHits[] out = new SearchHits[queries.length];
    for (float[] q : queries) {
      if (q.length != dimension) {
        throw QuiverException.invalid("query vector has dimension %d, the index has %d", q.length, dimension);
      }
    }
    if (accept != null && accept.length() < size) {
      throw new IllegalArgumentException("accept bits cover " + accept.length() + " ordinals, the index has " + size);
    }
    boolean gather = accept != null && acceptedFraction(accept) < GATHER_BELOW;
    for (int q0 = 0; q0 < queries.length; q0 += QUERY_BLOCK) {
      int nq = Math.min(QUERY_BLOCK, queries.length - q0);
      TopKCollector[] collectors = new TopKCollector[nq];
      for (int i = 0; i < nq; i++) {
        collectors[i] = new TopKCollector(Math.max(0, Math.min(k, size)), metric);
      }
      if (k > 0 && size > 0) {
        if (gather) {
          for (int i = 0; i < nq; i++) {
            gatherScan(FloatVectorStore.prepareQuery(queries[q0 + i], metric), accept, collectors[i]);
          }
        } else {
          blockScan(queries, q0, nq, accept, collectors);
        }
      }
      for (int i = 0; i < nq; i++) {
        out[q0 + i] = collectors[i].toHits();
      }
    }
    return out;
  }

  /** Scores every row against {@code nq} queries, a block of rows at a time. */
  private void blockScan(float[][] queries, int q0, int nq, Bits accept, TopKCollector[] collectors) {
    float[] packed = new float[nq * dimension];
    for (int i = 0; i < nq; i++) {
      System.arraycopy(FloatVectorStore.prepareQuery(queries[q0 + i], metric), 0, packed, i * dimension, dimension);
    }
    boolean l2 = metric == MetricType.L2;
    float[] scores = new float[ROW_BLOCK * nq];
    // Per query, the score a row must beat to enter its collector (better-or-equal defers to the
    // collector's tie rule); kept in an array so the common case is one compare.
    float[] bar = new float[nq];
    java.util.Arrays.fill(bar, l2 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY);
    MemorySegment data = store.segment();
    long rowBytes = 4L * dimension;
    for (int r0 = 0; r0 < size; r0 += ROW_BLOCK) {
      int rows = Math.min(ROW_BLOCK, size - r0);
      if (l2) {
        VectorUtil.squareDistanceBlock(packed, nq, data, r0 * rowBytes, rows, dimension, scores);
      } else {
        VectorUtil.dotProductBlock(packed, nq, data, r0 * rowBytes, rows, dimension, scores);
      }
      for (int r = 0; r < rows; r++) {
        int ord = r0 + r;
        if (accept != null && !accept.get(ord)) {
          continue;
        }
        int base = r * nq;
        for (int i = 0; i < nq; i++) {
          float s = scores[base + i];
          if (l2 ? s <= bar[i] : s >= bar[i]) {
            TopKCollector c = collectors[i];
            if (c.collect(ord, s) && c.isFull()) {
              bar[i] = c.worstScore();
            }
          }
        }
      }
    }
  }

  /** Scores only the accepted rows (random access), for sparse filters. */
  private void gatherScan(float[] q, Bits accept, TopKCollector collector) {
    QueryScorer scorer = store.scorer(q);
    int[] batch = new int[64];
    float[] sims = new float[64];
    int n = 0;
    for (int ord = nextAccepted(accept, 0); ord >= 0; ord = nextAccepted(accept, ord + 1)) {
      batch[n++] = ord;
      if (n == batch.length) {
        flush(scorer, batch, sims, n, collector);
        n = 0;
      }
    }
    flush(scorer, batch, sims, n, collector);
  }

  private int nextAccepted(Bits accept, int from) {
    if (accept instanceof FixedBitSet bits) {
      int next = from < bits.length() ? bits.nextSetBit(from) : -1;
      return next < size ? next : -1;
    }
    for (int ord = from; ord < size; ord++) {
      if (accept.get(ord)) {
        return ord;
      }
    }
    return -1;
  }

  private void flush(QueryScorer scorer, int[] batch, float[] sims, int n, TopKCollector collector) {
    if (n == 0) {
      return;
    }
    scorer.score(batch, n, sims);
    for (int i = 0; i < n; i++) {
      collector.collect(batch[i], FloatVectorStore.toMilvusScore(sims[i], metric));
    }
  }

  private double acceptedFraction(Bits accept) {
    return size == 0 ? 1 : (double) Selectivity.acceptedCount(accept, size) / size;
  }

  @Override
  public long ramBytesUsed() {
    return 64L + store.byteSize();
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

  @Override
  public void close() {
    store.close();
  }
}
