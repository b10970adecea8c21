package io.quiver.engine.index.format.v1;

import io.quiver.engine.vector.MetricType;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The IVF family's files (IVF_FLAT, IVF_SQ8, IVF_PQ) in the {@link IndexFileWriter} container.
 *
 * <p>Magic: {@code "QIVF"} (0x51495646) IVF_FLAT, {@code "QIVS"} IVF_SQ8, {@code "QIVP"}
 * IVF_PQ. Header values (int32): 0 metric ordinal, 1 dimension, 2 size n, 3 nlist.
 *
 * <p>Sections:
 *
 * <pre>
 * 0  centres: nlist rows of dimension float32
 * 1  list starts: nlist + 1 int32; list c holds positions [start[c], start[c + 1])
 * 2  ids: n int32, the ordinal stored at each position
 * then for IVF_FLAT:
 * 3  vectors: n rows of dimension float32 in position order (unit length for COSINE)
 * for IVF_SQ8 and IVF_PQ:
 * 3  codes in position order (ScalarQuantizer or ProductQuantizer layout)
 * 4  the quantizer (ScalarQuantizer.toSegment or ProductQuantizer.toSegment)
 * 5  vectors: n rows of dimension float32 by ordinal, for re-scoring
 * </pre>
 */
public final class IvfFormat {

  public static final int MAGIC_IVF_FLAT = 0x51495646;
  public static final int MAGIC_IVF_SQ8 = 0x51495653;
  public static final int MAGIC_IVF_PQ = 0x51495650;

  private IvfFormat() {}

  /** The decoded structure plus the encoding's sections (3 onwards). */
  public record Parts(int dimension, int size, float[] centres, int[] listStarts, int[] ids, List<MemorySegment> sections) {}

  public static void write(OutputStream out, int magic, MetricType metric, int dimension, int size, float[] centres, int[] listStarts,
      int[] ids, List<MemorySegment> sections) throws IOException {
    IndexFileWriter writer = new IndexFileWriter(magic, metric.ordinal(), dimension, size, listStarts.length - 1);
    writer.section(MemorySegment.ofArray(toBytes(centres))).section(MemorySegment.ofArray(toBytes(listStarts))).section(MemorySegment.ofArray(toBytes(ids)));
    for (MemorySegment s : sections) {
      writer.section(s);
    }
    writer.writeTo(out);
  }

  public static Parts read(MemorySegment data, int magic, String typeName, MetricType metric, int dimension, int size) throws IOException {
    IndexFile file = IndexFile.open(data, magic, typeName, 4, 4);
    if (file.header(0) != metric.ordinal() || file.header(1) != dimension || file.header(2) != size) {
      throw new IOException(typeName + " index header (metric " + file.header(0) + ", dimension " + file.header(1) + ", size " + file.header(2)
          + ") does not match its segment (metric " + metric.ordinal() + ", dimension " + dimension + ", size " + size + ")");
    }
    int nlist = file.header(3);
    if (nlist < 1) {
      throw new IOException("corrupt " + typeName + " index file: nlist " + nlist);
    }
    float[] centres = file.section(0, 4L * nlist * dimension, typeName).toArray(IndexFileWriter.FLOAT_LE);
    int[] starts = file.section(1, 4L * (nlist + 1), typeName).toArray(IndexFileWriter.INT_LE);
    int[] ids = file.section(2, 4L * size, typeName).toArray(IndexFileWriter.INT_LE);
    if (starts[0] != 0 || starts[nlist] != size) {
      throw new IOException("corrupt " + typeName + " index file: list starts do not cover " + size + " vectors");
    }
    int count = data.get(IndexFileWriter.INT_LE, 12);
    MemorySegment[] rest = new MemorySegment[count - 3];
    for (int i = 3; i < count; i++) {
      rest[i - 3] = file.section(i);
    }
    return new Parts(dimension, size, centres, starts, ids, List.of(rest));
  }

  private static byte[] toBytes(float[] values) {
    byte[] out = new byte[4 * values.length];
    MemorySegment.copy(values, 0, MemorySegment.ofArray(out), IndexFileWriter.FLOAT_LE, 0, values.length);
    return out;
  }

  private static byte[] toBytes(int[] values) {
    byte[] out = new byte[4 * values.length];
    MemorySegment.copy(values, 0, MemorySegment.ofArray(out), IndexFileWriter.INT_LE, 0, values.length);
    return out;
  }
}
