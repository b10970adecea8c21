package io.quiver.engine.index.hnsw;

import io.quiver.engine.index.FloatVectorValues;
import io.quiver.engine.index.IndexParams;
import io.quiver.engine.index.VectorIndex;
import io.quiver.engine.index.VectorIndexFactory;
import io.quiver.engine.index.format.v1.HnswFormat;
import io.quiver.engine.index.store.FloatVectorStore;
import io.quiver.engine.vector.MetricType;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Factory for float32 {@link HnswIndex} ({@code HNSW}); parameters in {@link HnswParams}. The
 * index keeps its own off-heap copy of the vectors (unit length for COSINE) and writes it into
 * its file, so a loaded index reads vectors and graph straight from the mapped file.
 */
public final class HnswIndexFactory implements VectorIndexFactory {

  public static final String TYPE = "HNSW";
  /** Seed of the level assignment; fixed so that single-threaded builds are reproducible. */
  static final long SEED = 0x5157_4956_4552L;

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
    try {
      HnswGraph graph = buildGraph(store, params, threads);
      return new HnswIndex(TYPE, HnswFormat.MAGIC_HNSW, metric, params.efConstruction(), graph, store, store, List.of(), null);
    } catch (RuntimeException | Error e) {
      store.close();
      throw e;
    }
  }

  /** Builds the graph over {@code store} (shared by the HNSW family). */
  public static HnswGraph buildGraph(FloatVectorStore store, HnswParams params, int threads) {
    return new HnswGraphBuilder(store, params.m(), params.efConstruction(), SEED).build(threads);
  }

  @Override
  public VectorIndex load(MemorySegment data, FloatVectorValues vectors, MetricType metric) throws IOException {
    HnswFormat.Parts parts = HnswFormat.read(data, HnswFormat.MAGIC_HNSW, TYPE, metric, vectors.dimension(), vectors.size());
    return new HnswIndex(TYPE, HnswFormat.MAGIC_HNSW, metric, parts.efConstruction(), parts.graph(), parts.vectors(), parts.vectors(), List.of(), null);
  }
}
