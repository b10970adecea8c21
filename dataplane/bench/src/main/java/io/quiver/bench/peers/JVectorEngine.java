package io.quiver.bench.peers;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.OnHeapGraphIndex;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import io.quiver.bench.AnnEngine;
import io.quiver.bench.Dataset;
import io.quiver.engine.vector.MetricType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * jvector 4.0.0-rc.5 as its README builds it: {@link GraphIndexBuilder} with M, beamWidth,
 * neighbour overflow 1.2, alpha 1.2 and the HNSW-style hierarchy, over on-heap vectors, searched
 * with exact scores and {@code rerankK = ef}.
 */
public final class JVectorEngine implements AnnEngine {

  private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();

  private final int m;
  private final int beamWidth;
  private ListRandomAccessVectorValues ravv;
  private VectorSimilarityFunction similarity;
  private ImmutableGraphIndex graph;
  private GraphSearcher searcher;

  public JVectorEngine(int m, int beamWidth) {
    this.m = m;
    this.beamWidth = beamWidth;
  }

  @Override
  public String name() {
    return "jvector";
  }

  @Override
  public void build(Dataset d, int threads) throws Exception {
    close();
    int dim = d.dimension();
    List<VectorFloat<?>> vectors = new ArrayList<>(d.size());
    for (int i = 0; i < d.size(); i++) {
      vectors.add(VTS.createFloatVector(d.vector(i)));
    }
    ravv = new ListRandomAccessVectorValues(vectors, dim);
    similarity = d.metric() == MetricType.L2 ? VectorSimilarityFunction.EUCLIDEAN : VectorSimilarityFunction.DOT_PRODUCT;
    ForkJoinPool pool = new ForkJoinPool(threads);
    try (GraphIndexBuilder builder = new GraphIndexBuilder(BuildScoreProvider.randomAccessScoreProvider(ravv, similarity),
        dim, m, beamWidth, 1.2f, 1.2f, true, true, pool, pool)) {
      graph = builder.build(ravv);
    } finally {
      pool.shutdown();
    }
    searcher = new GraphSearcher(graph);
  }

  @Override
  public int search(float[] query, int k, int ef, int[] out) {
    var ssp = DefaultSearchScoreProvider.exact(VTS.createFloatVector(query), similarity, ravv);
    SearchResult result = searcher.search(ssp, k, Math.max(k, ef), 0f, 0f, Bits.ALL);
    SearchResult.NodeScore[] nodes = result.getNodes();
    int count = Math.min(k, nodes.length);
    for (int i = 0; i < count; i++) {
      out[i] = nodes[i].node;
    }
    return count;
  }

  @Override
  public long graphBytes() {
    return graph instanceof OnHeapGraphIndex g ? g.ramBytesUsed() : -1;
  }

  @Override
  public long traversalVectorBytes() {
    return ravv == null ? 0 : 4L * ravv.size() * ravv.dimension();
  }

  @Override
  public void close() throws Exception {
    if (searcher != null) {
      searcher.close();
      searcher = null;
    }
    if (graph != null) {
      graph.close();
      graph = null;
    }
    ravv = null;
  }
}
