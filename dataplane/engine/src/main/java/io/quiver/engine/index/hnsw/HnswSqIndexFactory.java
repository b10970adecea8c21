package io.quiver.engine.index.hnsw;

import io.quiver.engine.index.FloatVectorValues;
import io.quiver.engine.index.IndexParams;
import io.quiver.engine.index.VectorIndex;
import io.quiver.engine.index.VectorIndexFactory;
import io.quiver.engine.index.format.v1.HnswFormat;
import io.quiver.engine.index.store.FloatVectorStore;
import io.quiver.engine.quantization.ScalarQuantizer;
import io.quiver.engine.vector.MetricType;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * {@code HNSW_SQ}: the HNSW graph (built on float32 vectors) traversed with 8-bit scalar
 * quantized codes ({@link ScalarQuantizer}), each search's {@code ef} candidates re-scored with
 * the float32 vectors, so returned scores are exact. The codes (a quarter of the float32 bytes)
 * are what the traversal touches; the float32 vectors are read only for the re-scoring and can
 * stay on disk (mapped). Build and search parameters as {@link HnswParams}; the AUTOINDEX type.
 *
 * <p>File: {@link HnswFormat} with magic {@code QHSQ} and two more sections: 4, the quantizer
 * ({@link ScalarQuantizer#toSegment()}); 5, the codes (n rows of {@link ScalarQuantizer#rowBytes}).
 */
public final class HnswSqIndexFactory implements VectorIndexFactory {

  public static final String TYPE = "HNSW_SQ";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void validate(IndexParams buildParams, MetricType metric, int dimension) {
    HnswParams.parse(buildParams);
  }

  @Override
  public VectorIndex build(FloatVectorValues vectors, MetricType metric, IndexParams buildParams, int threads) {
    HnswParams params = HnswParams.parse(buildParams);
    FloatVectorStore store = FloatVectorStore.copyOf(vectors, metric);
    HnswGraph graph = null;
    try {
      graph = HnswIndexFactory.buildGraph(store, params, threads);
      ScalarQuantizer sq = ScalarQuantizer.train(store, HnswIndexFactory.SEED);
      ScalarQuantizer.SqVectorStore codes = sq.encode(store, metric);
      return new HnswIndex(TYPE, HnswFormat.MAGIC_HNSW_SQ, metric, params.efConstruction(), graph, store, codes,
          List.of(sq.toSegment(), codes.codes()), codes);
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
    HnswFormat.Parts parts = HnswFormat.read(data, HnswFormat.MAGIC_HNSW_SQ, TYPE, metric, vectors.dimension(), vectors.size());
    if (parts.extra().size() != 2) {
      throw new IOException("corrupt " + TYPE + " index file: expected 6 sections");
    }
    ScalarQuantizer sq = ScalarQuantizer.fromSegment(parts.extra().get(0), parts.dimension());
    ScalarQuantizer.SqVectorStore codes = ScalarQuantizer.SqVectorStore.wrap(sq, metric, parts.extra().get(1), parts.graph().size());
    return new HnswIndex(TYPE, HnswFormat.MAGIC_HNSW_SQ, metric, parts.efConstruction(), parts.graph(), parts.vectors(), codes,
        parts.extra(), null);
  }
}
