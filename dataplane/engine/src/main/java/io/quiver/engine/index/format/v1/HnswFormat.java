package io.quiver.engine.index.format.v1;

import io.quiver.engine.index.hnsw.HnswGraph;
import io.quiver.engine.index.store.FloatVectorStore;
import io.quiver.engine.vector.MetricType;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The HNSW family's files (HNSW, HNSW_SQ, HNSW_PQ) in the {@link IndexFileWriter} container.
 *
 * <p>Magic: {@code "QHNW"} (0x51484E57) for HNSW, {@code "QHSQ"} for HNSW_SQ, {@code "QHPQ"}
 * for HNSW_PQ. Header values (int32):
 *
 * <pre>
 * 0  metric ordinal (MetricType: 0 L2, 1 IP, 2 COSINE)
 * 1  dimension
 * 2  size (number of vectors n)
 * 3  M (max neighbours above level 0)
 * 4  maxConn0 (max neighbours on level 0, 2 * M)
 * 5  efConstruction used to build
 * 6  max level (-1 when empty)
 * 7  entry point ordinal (-1 when empty)
 * </pre>
 *
 * Sections:
 *
 * <pre>
 * 0  vectors: n rows of dimension float32 (unit length for COSINE), row i at i * dimension * 4
 * 1  level 0: n blocks of (1 + maxConn0) int32: count, then neighbour ordinals
 * 2  upper index: n int32: int offset into section 3 of the node's level-1 block, or -1
 * 3  upper levels: blocks of (1 + M) int32, levels 1..L consecutive per node
 * 4+ encoding sections of HNSW_SQ / HNSW_PQ (see their codecs)
 * </pre>
 */
public final class HnswFormat {

  public static final int MAGIC_HNSW = 0x51484E57;
  public static final int MAGIC_HNSW_SQ = 0x51485351;
  public static final int MAGIC_HNSW_PQ = 0x51485051;

  private HnswFormat() {}

  /** The parts of an HNSW-family file. {@code extra} are the encoding's sections. */
  public record Parts(MetricType metric, int dimension, int efConstruction, HnswGraph graph, FloatVectorStore vectors, List<MemorySegment> extra) {}

  public static void write(OutputStream out, int magic, Parts parts) throws IOException {
    HnswGraph g = parts.graph();
    IndexFileWriter writer = new IndexFileWriter(magic,
        parts.metric().ordinal(), parts.dimension(), g.size(), g.m(), g.maxConn0(), parts.efConstruction(), g.maxLevel(), g.entryPoint());
    writer.section(parts.vectors().segment().asSlice(0, parts.vectors().byteSize()))
        .section(g.level0())
        .section(g.upperIndex())
        .section(g.upper());
    for (MemorySegment extra : parts.extra()) {
      writer.section(extra);
    }
    writer.writeTo(out);
  }

  /**
   * Maps a file back without copying. Checks the magic, version, metric, dimension and size
   * against what the caller expects.
   */
  public static Parts read(MemorySegment data, int magic, String typeName, MetricType metric, int dimension, int size) throws IOException {
    IndexFile file = IndexFile.open(data, magic, typeName, 8, 4);
    int storedMetric = file.header(0);
    int dim = file.header(1);
    int n = file.header(2);
    if (storedMetric != metric.ordinal() || dim != dimension || n != size) {
      throw new IOException(typeName + " index header (metric " + storedMetric + ", dimension " + dim + ", size " + n
          + ") does not match its segment (metric " + metric.ordinal() + ", dimension " + dimension + ", size " + size + ")");
    }
    int m = file.header(3);
    int maxConn0 = file.header(4);
    int efConstruction = file.header(5);
    int maxLevel = file.header(6);
    int entryPoint = file.header(7);
    MemorySegment vectors = file.section(0, 4L * dim * n, typeName);
    MemorySegment level0 = file.section(1, 4L * (1 + maxConn0) * n, typeName);
    MemorySegment upperIndex = file.section(2, 4L * n, typeName);
    HnswGraph graph;
    try {
      graph = HnswGraph.wrap(n, m, maxConn0, maxLevel, entryPoint, level0, upperIndex, file.section(3));
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt " + typeName + " index file: " + e.getMessage(), e);
    }
    int extraCount = countSections(data);
    MemorySegment[] extra = new MemorySegment[extraCount - 4];
    for (int i = 4; i < extraCount; i++) {
      extra[i - 4] = file.section(i);
    }
    return new Parts(metric, dim, efConstruction, graph, FloatVectorStore.wrap(vectors, n, dim, metric), List.of(extra));
  }

  private static int countSections(MemorySegment data) {
    return data.get(IndexFileWriter.INT_LE, 12);
  }
}
