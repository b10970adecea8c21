package io.quiver.engine.index;

import io.quiver.engine.vector.MetricType;
import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Builds and loads one index type. Factories are stateless and thread safe; see
 * {@link IndexRegistry} for the known types.
 */
public interface VectorIndexFactory {

  /** Canonical type name, upper case ({@code HNSW}). */
  String type();

  /**
   * Checks build parameters up front, so CreateIndex can reject them before any data exists.
   *
   * @throws io.quiver.engine.error.QuiverException naming the bad parameter
   */
  void validate(IndexParams buildParams, MetricType metric, int dimension);

  /** Builds an index over {@code vectors} with up to {@code threads} threads. */
  VectorIndex build(FloatVectorValues vectors, MetricType metric, IndexParams buildParams, int threads);

  /**
   * Loads an index written by {@link VectorIndex#writeTo}; {@code data} may be a memory-mapped
   * file and stays valid while the index is open. {@code vectors} are the segment's raw vectors
   * (for indexes that do not store their own copy).
   */
  VectorIndex load(MemorySegment data, FloatVectorValues vectors, MetricType metric) throws IOException;
}
