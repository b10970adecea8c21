package io.quiver.engine.index;

import io.quiver.engine.util.Bits;
import io.quiver.engine.vector.MetricType;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A built, immutable index over the vectors of one sealed segment (ordinals are the segment's
 * row positions).
 *
 * <p>Thread safety: {@link #search} may be called from many threads at once.
 */
public interface VectorIndex extends AutoCloseable {

  /** Canonical type name, e.g. {@code FLAT}, {@code HNSW}, {@code IVF_FLAT}. */
  String type();

  MetricType metric();

  int dimension();

  /** Number of indexed vectors. */
  int size();

  /**
   * The best {@code k} vectors for {@code query} among the ordinals {@code accept} allows
   * ({@code null}: all), best first, with Milvus scores. Approximate indexes may miss true
   * neighbours; they never return an ordinal {@code accept} rejects. {@code query} has
   * {@link #dimension()} elements and is not modified.
   */
  SearchHits search(float[] query, int k, Bits accept, IndexParams searchParams);

  /**
   * Searches several queries with the same {@code k}, filter and parameters; element {@code i}
   * of the result answers {@code queries[i]}. The default runs {@link #search} per query;
   * indexes that can share work between queries (FLAT reads each vector once per block of
   * queries) override it.
   */
  default SearchHits[] searchBatch(float[][] queries, int k, Bits accept, IndexParams searchParams) {
    SearchHits[] out = new SearchHits[queries.length];
    for (int i = 0; i < queries.length; i++) {
      out[i] = search(queries[i], k, accept, searchParams);
    }
    return out;
  }

  /** Heap and off-heap bytes held by this index, excluding vectors it only references. */
  long ramBytesUsed();

  /**
   * Writes this index in its versioned binary format (starting with a magic number and a
   * version), so that {@link VectorIndexFactory#load} can map it back.
   */
  void writeTo(OutputStream out) throws IOException;

  /** Releases off-heap memory; the index must not be used afterwards. */
  @Override
  default void close() {}
}
