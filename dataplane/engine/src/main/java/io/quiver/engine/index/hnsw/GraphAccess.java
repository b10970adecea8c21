package io.quiver.engine.index.hnsw;

/**
 * Read access to an HNSW graph for {@link HnswSearcher}: the immutable off-heap
 * {@link HnswGraph} at query time, the builder's mutable arrays during construction.
 */
interface GraphAccess {

  /** Highest level of the graph; -1 when empty. */
  int maxLevel();

  /** The entry node on {@link #maxLevel()}. */
  int entryPoint();

  /**
   * Copies the neighbours of {@code node} on {@code level} into {@code buf} and returns their
   * count. The node must exist on that level.
   */
  int neighbors(int level, int node, int[] buf);
}
