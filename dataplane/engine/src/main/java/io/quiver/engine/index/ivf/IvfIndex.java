package io.quiver.engine.index.ivf;

import io.quiver.engine.error.QuiverException;
import io.quiver.engine.index.IndexParams;
import io.quiver.engine.index.SearchHits;
import io.quiver.engine.index.Selectivity;
import io.quiver.engine.index.TopKCollector;
import io.quiver.engine.index.VectorIndex;
import io.quiver.engine.index.format.v1.IvfFormat;
import io.quiver.engine.index.store.FloatVectorStore;
import io.quiver.engine.index.store.QueryScorer;
import io.quiver.engine.index.store.ScoringStore;
import io.quiver.engine.util.Bits;
import io.quiver.engine.vector.MetricType;
import io.quiver.engine.vector.VectorUtil;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * An inverted-file index: k-means centres partition the vectors into {@code nlist} lists; a
 * query scores the centres, then only the vectors of the {@code nprobe} best lists.
 *
 * <p>Vectors are stored list by list (position {@code p} holds ordinal {@code ids[p]}), as
 * float32 rows (IVF_FLAT, exact scores), int8 codes (IVF_SQ8) or PQ codes (IVF_PQ). For the
 * quantized encodings the best {@code max(4 k, 40)} candidates are re-scored with the float32
 * vectors, so every returned score is exact. A filter is applied before scoring; one that
 * accepts no more vectors than {@code nprobe} lists hold scans every list (an exact search).
 *
 * <p>Thread safe.
 */
public final class IvfIndex implements VectorIndex {

  private final IvfIndexFactory.Encoding encoding;
  private final MetricType metric;
  private final int dimension;
  private final int size;
  private final int nlist;
  private final float[] centres;
  private final MemorySegment centreRows;
  private final int[] listStarts;
  private final int[] ids;
  private final ScoringStore lists;
  private final FloatVectorStore vectors;
  private final List<MemorySegment> sections;
  private final List<AutoCloseable> owned;

  /**
   * @param lists the list-ordered vectors or codes
   * @param vectors float32 rows by ordinal for re-scoring (null for IVF_FLAT)
   * @param sections the encoding's file sections (see {@link IvfFormat})
   */
  IvfIndex(IvfIndexFactory.Encoding encoding, MetricType metric, int dimension, int size, float[] centres, int[] listStarts, int[] ids,
      ScoringStore lists, FloatVectorStore vectors, List<MemorySegment> sections, List<AutoCloseable> owned) {
    this.encoding = encoding;
    this.metric = metric;
    this.dimension = dimension;
    this.size = size;
    this.nlist = listStarts.length - 1;
    this.centres = centres;
    this.centreRows = MemorySegment.ofArray(centres);
    this.listStarts = listStarts;
    this.ids = ids;
    this.lists = lists;
    this.vectors = vectors;
    this.sections = List.copyOf(sections);
    this.owned = List.copyOf(owned);
  }

  @Override
  public String type() {
    return encoding.type();
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

  public int nlist() {
    return nlist;
  }

  @Override
  public SearchHits search(float[] query, int k, Bits accept, IndexParams searchParams) {
    if (query.length != dimension) {
      throw QuiverException.invalid("query vector has dimension %d, the index has %d", query.length, dimension);
    }
    int nprobe = Math.min(IvfParams.nprobe(searchParams), nlist);
    if (k <= 0 || size == 0) {
      return SearchHits.EMPTY;
    }
    if (accept != null && accept.length() < size) {
      throw new IllegalArgumentException("accept bits cover " + accept.length() + " ordinals, the index has " + size);
    }
    float[] q = FloatVectorStore.prepareQuery(query, metric);
    if (accept != null) {
      // A filter that leaves fewer accepted vectors than the probed lists hold is cheaper to scan
      // in full, and probing only nprobe lists could miss the few accepted ones.
      long accepted = Selectivity.acceptedCount(accept, size);
      if (accepted <= (long) size * nprobe / nlist || accepted * nprobe / nlist < 2L * k) {
        nprobe = nlist;
      }
    }
    int[] probes = probe(q, nprobe);
    boolean rerank = vectors != null;
    int keep = rerank ? Math.max(4 * k, 40) : k;
    TopKCollector candidates = new TopKCollector(Math.min(keep, size), true);
    QueryScorer scorer = lists.scorer(q);
    int[] batch = new int[64];
    float[] sims = new float[64];
    for (int list : probes) {
      int n = 0;
      for (int p = listStarts[list], end = listStarts[list + 1]; p < end; p++) {
        if (accept != null && !accept.get(ids[p])) {
          continue;
        }
        batch[n++] = p;
        if (n == batch.length) {
          collect(scorer, batch, sims, n, candidates);
          n = 0;
        }
      }
      collect(scorer, batch, sims, n, candidates);
    }
    SearchHits found = candidates.toHits();
    TopKCollector top = new TopKCollector(Math.min(k, found.count()), metric);
    if (!rerank) {
      for (int i = 0; i < found.count(); i++) {
        top.collect(found.ord(i), FloatVectorStore.toMilvusScore(found.score(i), metric));
      }
    } else {
      int[] ords = java.util.Arrays.copyOf(found.ords(), found.count());
      float[] exact = new float[ords.length];
      vectors.scorer(q).score(ords, ords.length, exact);
      for (int i = 0; i < ords.length; i++) {
        top.collect(ords[i], FloatVectorStore.toMilvusScore(exact[i], metric));
      }
    }
    return top.toHits();
  }

  private void collect(QueryScorer scorer, int[] positions, float[] sims, int n, TopKCollector candidates) {
    if (n == 0) {
      return;
    }
    scorer.score(positions, n, sims);
    for (int i = 0; i < n; i++) {
      candidates.collect(ids[positions[i]], sims[i]);
    }
  }

  /** The {@code nprobe} lists whose centres score best for {@code q}. */
  private int[] probe(float[] q, int nprobe) {
    float[] scores = new float[nlist];
    if (metric == MetricType.L2) {
      VectorUtil.squareDistanceBlock(q, 1, centreRows, 0, nlist, dimension, scores);
    } else {
      VectorUtil.dotProductBlock(q, 1, centreRows, 0, nlist, dimension, scores);
    }
    TopKCollector best = new TopKCollector(nprobe, metric == MetricType.L2 ? MetricType.L2 : MetricType.IP);
    for (int c = 0; c < nlist; c++) {
      best.collect(c, scores[c]);
    }
    SearchHits hits = best.toHits();
    return java.util.Arrays.copyOf(hits.ords(), hits.count());
  }

  @Override
  public long ramBytesUsed() {
    return 4L * centres.length + 4L * listStarts.length + 4L * ids.length + lists.byteSize() + (vectors == null ? 0 : vectors.byteSize());
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    IvfFormat.write(out, encoding.magic(), metric, dimension, size, centres, listStarts, ids, sections);
  }

  @Override
  public void close() {
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing " + type() + " index", e);
      }
    }
  }
}
