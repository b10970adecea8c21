package io.quiver.engine.index.hnsw;

import io.quiver.engine.error.QuiverException;
import io.quiver.engine.index.IndexParams;
import io.quiver.engine.index.SearchHits;
import io.quiver.engine.index.Selectivity;
import io.quiver.engine.index.TopKCollector;
import io.quiver.engine.index.VectorIndex;
import io.quiver.engine.index.format.v1.HnswFormat;
import io.quiver.engine.index.store.FloatVectorStore;
import io.quiver.engine.index.store.QueryScorer;
import io.quiver.engine.index.store.ScoringStore;
import io.quiver.engine.util.Bits;
import io.quiver.engine.util.FixedBitSet;
import io.quiver.engine.vector.MetricType;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An HNSW index: an {@link HnswGraph} traversed with a {@link ScoringStore} (the float32 vectors
 * for HNSW; int8 or PQ codes for HNSW_SQ / HNSW_PQ, whose candidates are then re-scored with the
 * float32 vectors, so returned scores are always exact).
 *
 * <p>Filtered search ({@code accept} not null) never returns a rejected ordinal and picks its
 * strategy from the accepted count {@code c} (exact for {@link FixedBitSet}, sampled otherwise):
 *
 * <ul>
 *   <li>{@code c <= }{@value #EXACT_SCAN_PER_EF}{@code  * ef}: exact scan of the accepted
 *       ordinals (cheaper than a graph search that must step over rejected nodes);
 *   <li>selectivity below {@value #TWO_HOP_BELOW}: graph search that scores accepted nodes only
 *       and looks through rejected neighbours to their neighbours (ACORN-1);
 *   <li>otherwise: plain graph search where the filter only gates the results.
 * </ul>
 *
 * A graph search whose work exceeds {@code c} scored vectors stops and falls back to the exact
 * scan, so a filter never costs much more than scanning what it accepts.
 *
 * <p>Thread safe: searches run concurrently, each with a pooled {@link HnswSearcher}.
 */
public final class HnswIndex implements VectorIndex {

  static final int EXACT_SCAN_PER_EF = 32;
  static final double TWO_HOP_BELOW = 0.5;
  /** Beam width on level 1 when looking for level-0 entry points (see {@link #descend}). */
  static final int UPPER_BEAM = 4;

  private final String type;
  private final int magic;
  private final MetricType metric;
  private final int efConstruction;
  private final HnswGraph graph;
  private final FloatVectorStore vectors;
  private final ScoringStore traversal;
  private final boolean rerank;
  private final List<MemorySegment> extraSections;
  private final AutoCloseable extraResources;
  private final ConcurrentLinkedQueue<HnswSearcher> searchers = new ConcurrentLinkedQueue<>();

  /**
   * @param traversal what the graph search scores; {@code vectors} itself for HNSW
   * @param extraSections the encoding's file sections (empty for HNSW)
   * @param extraResources closed with the index (may be null)
   */
  public HnswIndex(String type, int magic, MetricType metric, int efConstruction, HnswGraph graph, FloatVectorStore vectors,
      ScoringStore traversal, List<MemorySegment> extraSections, AutoCloseable extraResources) {
    this.type = type;
    this.magic = magic;
    this.metric = metric;
    this.efConstruction = efConstruction;
    this.graph = graph;
    this.vectors = vectors;
    this.traversal = traversal;
    this.rerank = traversal != vectors;
    this.extraSections = List.copyOf(extraSections);
    this.extraResources = extraResources;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public MetricType metric() {
    return metric;
  }

  @Override
  public int dimension() {
    return vectors.dimension();
  }

  @Override
  public int size() {
    return graph.size();
  }

  public HnswGraph graph() {
    return graph;
  }

  public FloatVectorStore vectors() {
    return vectors;
  }

  public ScoringStore traversal() {
    return traversal;
  }

  @Override
  public SearchHits search(float[] query, int k, Bits accept, IndexParams searchParams) {
    int size = graph.size();
    if (query.length != vectors.dimension()) {
      throw QuiverException.invalid("query vector has dimension %d, the index has %d", query.length, vectors.dimension());
    }
    int ef = HnswParams.searchEf(searchParams, k);
    if (k <= 0 || size == 0) {
      return SearchHits.EMPTY;
    }
    if (accept != null && accept.length() < size) {
      throw new IllegalArgumentException("accept bits cover " + accept.length() + " ordinals, the index has " + size);
    }
    float[] q = FloatVectorStore.prepareQuery(query, metric);
    long accepted = size;
    if (accept != null) {
      accepted = Selectivity.acceptedCount(accept, size);
      if (accepted <= (long) EXACT_SCAN_PER_EF * ef) {
        return exactScan(q, k, accept);
      }
    }
    HnswSearcher searcher = searchers.poll();
    if (searcher == null) {
      searcher = new HnswSearcher(size, graph.maxConn0());
    }
    try {
      QueryScorer scorer = traversal.scorer(q);
      boolean twoHop = accept != null && accepted < TWO_HOP_BELOW * size;
      descend(searcher, scorer, accept);
      long budget = accept == null ? Long.MAX_VALUE : accepted;
      if (!searcher.searchLayer(graph, scorer, 0, ef, accept, twoHop, budget)) {
        return exactScan(q, k, accept);
      }
      return collect(searcher, q, k);
    } finally {
      searchers.offer(searcher);
    }
  }

  /**
   * Finds level-0 entry points: greedy descent to level 1, then a beam of width
   * {@value #UPPER_BEAM} on level 1 whose results all seed level 0. A single greedy entry point
   * can land in the wrong cluster of clustered data and trap the level-0 beam there; a few
   * entry points from a short beam on level 1 (a small fraction of the nodes) avoid that for
   * little work.
   */
  private void descend(HnswSearcher searcher, QueryScorer scorer, Bits accept) {
    int ep = graph.entryPoint();
    int top = graph.maxLevel();
    float epScore = scorer.score(ep);
    if (top >= 1) {
      ep = searcher.greedy(graph, scorer, ep, epScore, top, 1);
      epScore = searcher.greedyScore;
      searcher.begin();
      searcher.seed(ep, epScore, true);
      searcher.searchLayer(graph, scorer, 1, UPPER_BEAM, null, false, Long.MAX_VALUE);
      LongHeap found = searcher.results;
      int n = found.size();
      long[] keys = java.util.Arrays.copyOfRange(found.raw(), 1, n + 1);
      searcher.begin();
      for (long key : keys) {
        int node = LongHeap.node(key);
        searcher.seed(node, LongHeap.score(key), accept == null || accept.get(node));
      }
      return;
    }
    ep = searcher.greedy(graph, scorer, ep, epScore, top, 0);
    searcher.begin();
    searcher.seed(ep, searcher.greedyScore, accept == null || accept.get(ep));
  }

  private SearchHits collect(HnswSearcher searcher, float[] q, int k) {
    LongHeap results = searcher.results;
    int n = results.size();
    long[] raw = results.raw();
    TopKCollector top = new TopKCollector(Math.min(k, n), metric);
    if (!rerank) {
      for (int i = 1; i <= n; i++) {
        top.collect(LongHeap.node(raw[i]), FloatVectorStore.toMilvusScore(LongHeap.score(raw[i]), metric));
      }
    } else {
      int[] nodes = new int[n];
      for (int i = 0; i < n; i++) {
        nodes[i] = LongHeap.node(raw[i + 1]);
      }
      float[] sims = new float[n];
      vectors.scorer(q).score(nodes, n, sims);
      for (int i = 0; i < n; i++) {
        top.collect(nodes[i], FloatVectorStore.toMilvusScore(sims[i], metric));
      }
    }
    results.clear();
    return top.toHits();
  }

  /** Exact float32 scores of every accepted ordinal. */
  SearchHits exactScan(float[] q, int k, Bits accept) {
    int size = graph.size();
    QueryScorer scorer = vectors.scorer(q);
    TopKCollector top = new TopKCollector(Math.min(k, size), metric);
    int[] batch = new int[64];
    float[] sims = new float[64];
    int n = 0;
    if (accept instanceof FixedBitSet bits) {
      for (int ord = bits.nextSetBit(0); ord >= 0 && ord < size; ord = ord + 1 < bits.length() ? bits.nextSetBit(ord + 1) : -1) {
        batch[n++] = ord;
        if (n == batch.length) {
          flush(scorer, batch, sims, n, top);
          n = 0;
        }
      }
    } else {
      for (int ord = 0; ord < size; ord++) {
        if (accept.get(ord)) {
          batch[n++] = ord;
          if (n == batch.length) {
            flush(scorer, batch, sims, n, top);
            n = 0;
          }
        }
      }
    }
    flush(scorer, batch, sims, n, top);
    return top.toHits();
  }

  private void flush(QueryScorer scorer, int[] batch, float[] sims, int n, TopKCollector top) {
    if (n == 0) {
      return;
    }
    scorer.score(batch, n, sims);
    for (int i = 0; i < n; i++) {
      top.collect(batch[i], FloatVectorStore.toMilvusScore(sims[i], metric));
    }
  }

  @Override
  public long ramBytesUsed() {
    long bytes = graph.byteSize() + vectors.byteSize();
    if (rerank) {
      bytes += traversal.byteSize();
    }
    return bytes;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    HnswFormat.write(out, magic, new HnswFormat.Parts(metric, vectors.dimension(), efConstruction, graph, vectors, extraSections));
  }

  @Override
  public void close() {
    graph.close();
    vectors.close();
    if (extraResources != null) {
      try {
        extraResources.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing " + type + " index", e);
      }
    }
  }
}
