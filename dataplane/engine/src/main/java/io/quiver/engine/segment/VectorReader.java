package io.quiver.engine.segment;

import io.quiver.engine.index.FloatVectorValues;
import io.quiver.engine.vector.MetricType;

/**
 * Read access to one float-vector field of a segment, wherever its vectors live (a heap array
 * while growing, a memory-mapped file once loaded from storage). Safe for concurrent reads.
 */
public interface VectorReader {

  int dimension();

  /** Copies the vector of {@code row} into {@code dst[offset ..]}. */
  void copy(int row, float[] dst, int offset);

  /**
   * The Milvus score of {@code row} against {@code query} under {@code metric}; {@code scratch}
   * is a caller-owned buffer of at least {@link #dimension()} floats (used when the row must be
   * copied out first).
   */
  float score(MetricType metric, float[] query, int row, float[] scratch);

  /** The first {@code rows} vectors as index input. */
  FloatVectorValues values(int rows);
}
