package io.quiver.engine.index.hnsw;

import io.quiver.engine.index.FloatVectorValues;
import io.quiver.engine.index.IndexParams;
import io.quiver.engine.index.VectorIndex;
import io.quiver.engine.index.VectorIndexFactory;
import io.quiver.engine.index.format.v1.HnswFormat;
import io.quiver.engine.index.store.FloatVectorStore;
import io.quiver.engine.quantization.PqParams;
import io.quiver.engine.quantization.ProductQuantizer;
import io.quiver.engine.vector.MetricType;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * {@code HNSW_PQ}: the HNSW graph (built on float32 vectors) traversed with product-quantized
 * codes ({@code m} bytes per vector), the {@code ef} candidates re-scored with float32 vectors.
 * Parameters: {@link HnswParams} and {@link PqParams}.
 *
 * <p>File: {@link HnswFormat} with magic {@code QHPQ} and two more sections: 4, the codebooks
 * ({@link ProductQuantizer#toSegment()}); 5, the codes (n rows of m bytes).
 */
public final class HnswPqIndexFactory implements VectorIndexFactory {

  public static final String TYPE = "HNSW_PQ";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void validate(IndexParams buildParams, MetricType metric, int dimension) {
    HnswParams.parse(buildParams);
    PqParams.parse(buildParams, dimension);
  }

  @Override
  public VectorIndex build(FloatVectorValues vectors, MetricType metric, IndexParams buildParams, int threads) {
    HnswParams params = HnswParams.parse(buildParams);
    PqParams pqParams = PqParams.parse(buildParams, vectors.dimension());
    FloatVectorStore store = FloatVectorStore.copyOf(vectors, metric);
    HnswGraph graph = null;
    try {
      graph = HnswIndexFactory.buildGraph(store, params, threads);
      ProductQuantizer pq = ProductQuantizer.train(store, pqParams.m(), pqParams.nbits(), HnswIndexFactory.SEED, threads);
      ProductQuantizer.PqVectorStore codes = pq.encode(store, metric, threads);
      return new HnswIndex(TYPE, HnswFormat.MAGIC_HNSW_PQ, metric, params.efConstruction(), graph, store, codes,
          List.of(pq.toSegment(), codes.codes()), codes);
    } catch (RuntimeException | Error e) {
      if (graph != null) {
        graph.close();
      }
      store.close();
      throw e;
    }
  }

  @Override
  public VectorIndex load(MemorySegment data, FloatVectorValues vectors, MetricType metric) throws IOException {
    HnswFormat.Parts parts = HnswFormat.read(data, HnswFormat.MAGIC_HNSW_PQ, TYPE, metric, vectors.dimension(), vectors.size());
    if (parts.extra().size() != 2) {
      throw new IOException("corrupt " + TYPE + " index file: expected 6 sections");
    }
    ProductQuantizer pq = ProductQuantizer.fromSegment(parts.extra().get(0), parts.dimension());
    ProductQuantizer.PqVectorStore codes = ProductQuantizer.PqVectorStore.wrap(pq, metric, parts.extra().get(1), parts.graph().size());
    return new HnswIndex(TYPE, HnswFormat.MAGIC_HNSW_PQ, metric, parts.efConstruction(), parts.graph(), parts.vectors(), codes,
        parts.extra(), null);
  }
}
