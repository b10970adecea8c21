package io.quiver.engine.index.hnsw;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * An immutable HNSW graph in three little-endian int32 regions, off the Java heap (allocated by
 * {@link HnswGraphBuilder} or slices of a mapped index file):
 *
 * <ul>
 *   <li>{@code level0}: one block of {@code 1 + maxConn0} ints per node, node-major: the
 *       neighbour count, then the neighbour ordinals (unused slots are zero). Fixed stride, so a
 *       node's list is found by multiplication.
 *   <li>{@code upperIndex}: one int per node: the int offset in {@code upper} of the node's
 *       level-1 block, or -1 when the node lives only on level 0.
 *   <li>{@code upper}: for each node with level {@code L >= 1}, {@code L} consecutive blocks of
 *       {@code 1 + M} ints (count, then ordinals) for levels 1 to L.
 * </ul>
 *
 * Safe for concurrent reads. {@link #close()} frees memory this graph allocated.
 */
public final class HnswGraph implements GraphAccess, AutoCloseable {

  static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final int size;
  private final int m;
  private final int maxConn0;
  private final int maxLevel;
  private final int entryPoint;
  private final MemorySegment level0;
  private final MemorySegment upperIndex;
  private final MemorySegment upper;
  private final long stride0Bytes;
  private final long strideUpperBytes;
  private final Arena arena;

  HnswGraph(int size, int m, int maxConn0, int maxLevel, int entryPoint,
      MemorySegment level0, MemorySegment upperIndex, MemorySegment upper, Arena arena) {
    this.size = size;
    this.m = m;
    this.maxConn0 = maxConn0;
    this.maxLevel = maxLevel;
    this.entryPoint = entryPoint;
    this.level0 = level0;
    this.upperIndex = upperIndex;
    this.upper = upper;
    this.stride0Bytes = 4L * (1 + maxConn0);
    this.strideUpperBytes = 4L * (1 + m);
    this.arena = arena;
  }

  public int size() {
    return size;
  }

  /** Maximum neighbours per node on levels above 0. */
  public int m() {
    return m;
  }

  /** Maximum neighbours per node on level 0. */
  public int maxConn0() {
    return maxConn0;
  }

  @Override
  public int maxLevel() {
    return maxLevel;
  }

  @Override
  public int entryPoint() {
    return entryPoint;
  }

  /**
   * A graph over existing regions in this class's layout (e.g. slices of a mapped file); the
   * regions are not owned. Sizes are checked, contents are not.
   */
  public static HnswGraph wrap(int size, int m, int maxConn0, int maxLevel, int entryPoint,
      MemorySegment level0, MemorySegment upperIndex, MemorySegment upper) {
    if (level0.byteSize() != 4L * (1 + maxConn0) * size || upperIndex.byteSize() != 4L * size
        || upper.byteSize() % (4L * (1 + m)) != 0 || (size > 0 && (entryPoint < 0 || entryPoint >= size))) {
      throw new IllegalArgumentException("HNSW graph regions do not match size " + size + " and M " + m);
    }
    return new HnswGraph(size, m, maxConn0, maxLevel, entryPoint, level0, upperIndex, upper, null);
  }

  /** Level-0 region (see the class comment). */
  public MemorySegment level0() {
    return level0;
  }

  /** Upper-level index region (see the class comment). */
  public MemorySegment upperIndex() {
    return upperIndex;
  }

  /** Upper-level lists region (see the class comment). */
  public MemorySegment upper() {
    return upper;
  }

  @Override
  public int neighbors(int level, int node, int[] buf) {
    long offset;
    MemorySegment seg;
    if (level == 0) {
      seg = level0;
      offset = node * stride0Bytes;
    } else {
      seg = upper;
      offset = 4L * upperIndex.get(INT_LE, 4L * node) + (level - 1) * strideUpperBytes;
    }
    int count = seg.get(INT_LE, offset);
    MemorySegment.copy(seg, INT_LE, offset + 4, buf, 0, count);
    return count;
  }

  /** Bytes of the three regions. */
  public long byteSize() {
    return level0.byteSize() + upperIndex.byteSize() + upper.byteSize();
  }

  /** Mean level-0 out-degree (for reports and tests). */
  public double meanDegree0() {
    long total = 0;
    for (int node = 0; node < size; node++) {
      total += level0.get(INT_LE, node * stride0Bytes);
    }
    return size == 0 ? 0 : (double) total / size;
  }

  @Override
  public void close() {
    if (arena != null) {
      arena.close();
    }
  }
}
