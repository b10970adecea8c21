package io.quiver.engine.index.store;

/**
 * Vectors an index traverses, in whatever encoding (float32, int8 codes, PQ codes): the source
 * of a {@link QueryScorer} per query. Implementations are immutable and safe for concurrent
 * use; each scorer they hand out belongs to one query.
 */
public interface ScoringStore {

  /** A scorer for a query already prepared (unit length for COSINE). */
  QueryScorer scorer(float[] preparedQuery);

  /** Bytes of memory the encoded vectors occupy. */
  long byteSize();
}
