package io.quiver.storage.format.v1;

import com.fasterxml.jackson.databind.JsonNode;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.segment.ColumnData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Engine columns to Arrow vectors and back, one record batch (a row range) at a time. Fixed-width
 * data moves with bulk buffer copies; variable-width data cell by cell. Stateless.
 */
final class ArrowColumns {

  /** Field metadata keys. */
  static final String FIELD_NAME = "quiver.field_name";
  static final String DATA_TYPE = "quiver.data_type";
  static final String ELEMENT_TYPE = "quiver.element_type";
  static final String DIM = "quiver.dim";

  static final String ITEM = "item";
  private static final int COPY_CHUNK = 1 << 30;

  private ArrowColumns() {}

  static String columnName(long fieldId) {
    return "f" + fieldId;
  }

  /** The Arrow field that stores {@code f}: named by id, engine type in the metadata. */
  static Field arrowField(FieldSchema f) {
    Map<String, String> meta = Map.of(
        FIELD_NAME, f.name(),
        DATA_TYPE, Integer.toString(f.type().code()),
        ELEMENT_TYPE, Integer.toString(elementType(f).code()),
        DIM, Integer.toString(dim(f)));
    FieldType type = new FieldType(true, arrowType(f.type(), f), null, meta);
    List<Field> children = switch (f.type()) {
      case ARRAY -> List.of(new Field(ITEM, FieldType.notNullable(arrowType(f.elementType(), f)), null));
      case FLOAT_VECTOR -> List.of(new Field(ITEM, FieldType.notNullable(arrowType(DataType.FLOAT, f)), null));
      default -> null;
    };
    return new Field(columnName(f.id()), type, children);
  }

  static DataType elementType(FieldSchema f) {
    return f.type() == DataType.ARRAY ? f.elementType() : DataType.NONE;
  }

  static int dim(FieldSchema f) {
    return f.type() == DataType.FLOAT_VECTOR ? f.dim() : 0;
  }

  private static ArrowType arrowType(DataType t, FieldSchema f) {
    return switch (t) {
      case BOOL -> ArrowType.Bool.INSTANCE;
      case INT8 -> new ArrowType.Int(8, true);
      case INT16 -> new ArrowType.Int(16, true);
      case INT32 -> new ArrowType.Int(32, true);
      case INT64 -> new ArrowType.Int(64, true);
      case FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case VARCHAR, STRING, JSON -> ArrowType.Utf8.INSTANCE;
      case ARRAY -> ArrowType.List.INSTANCE;
      case FLOAT_VECTOR -> new ArrowType.FixedSizeList(f.dim());
      default -> throw new IllegalArgumentException("field " + f.name() + ": type " + t + " cannot be stored in a segment file");
    };
  }

  /**
   * Upper bound of the Arrow bytes row {@code row} of {@code c} adds to a batch, beyond the fixed
   * width counted by {@link #fixedRowBytes}; {@code json} holds the serialized JSON cells of a
   * JSON column.
   */
  static long variableRowBytes(ColumnData c, byte[][] json, int row) {
    return switch (c.field().type()) {
      case VARCHAR, STRING -> {
        String s = ((String[]) c.values())[row];
        yield 4 + (s == null ? 0 : 3L * s.length());
      }
      case JSON -> 4 + (json[row] == null ? 0 : json[row].length);
      case ARRAY -> {
        List<?> list = ((List<?>[]) c.values())[row];
        long bytes = 4;
        if (list != null) {
          for (Object e : list) {
            bytes += e instanceof String s ? 4 + 3L * s.length() : 8;
          }
        }
        yield bytes;
      }
      default -> 0;
    };
  }

  /** Bytes per row of the fixed-width parts of a column (validity rounded up to a byte). */
  static long fixedRowBytes(FieldSchema f) {
    return 1 + switch (f.type()) {
      case BOOL, INT8 -> 1;
      case INT16 -> 2;
      case INT32, FLOAT -> 4;
      case INT64, DOUBLE -> 8;
      case FLOAT_VECTOR -> 4L * f.dim();
      default -> 0;
    };
  }

  /** Serialized JSON cells of a JSON column, or null for other types. */
  static byte[][] jsonBytes(ColumnData c) {
    if (c.field().type() != DataType.JSON) {
      return null;
    }
    JsonNode[] nodes = (JsonNode[]) c.values();
    byte[][] out = new byte[nodes.length][];
    for (int i = 0; i < nodes.length; i++) {
      if (!c.isNull(i) && nodes[i] != null) {
        out[i] = Json.bytes(nodes[i]);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /** Fills {@code vector} with rows {@code [from, from + n)} of {@code c}. */
  static void fill(FieldVector vector, ColumnData c, byte[][] json, int from, int n) {
    FieldSchema f = c.field();
    boolean[] valid = c.valid();
    switch (f.type()) {
      case BOOL -> {
        BitVector v = (BitVector) vector;
        v.allocateNew(n);
        v.getDataBuffer().setBytes(0, packBits((boolean[]) c.values(), from, n));
        finishFixed(v, valid, from, n);
      }
      case INT8 -> {
        TinyIntVector v = (TinyIntVector) vector;
        v.allocateNew(n);
        int[] src = (int[]) c.values();
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
          bytes[i] = (byte) src[from + i];
        }
        v.getDataBuffer().setBytes(0, bytes);
        finishFixed(v, valid, from, n);
      }
      case INT16 -> {
        SmallIntVector v = (SmallIntVector) vector;
        v.allocateNew(n);
        int[] src = (int[]) c.values();
        short[] shorts = new short[n];
        for (int i = 0; i < n; i++) {
          shorts[i] = (short) src[from + i];
        }
        view(v.getDataBuffer(), 0, 2L * n).asShortBuffer().put(shorts);
        finishFixed(v, valid, from, n);
      }
      case INT32 -> {
        IntVector v = (IntVector) vector;
        v.allocateNew(n);
        view(v.getDataBuffer(), 0, 4L * n).asIntBuffer().put((int[]) c.values(), from, n);
        finishFixed(v, valid, from, n);
      }
      case INT64 -> {
        BigIntVector v = (BigIntVector) vector;
        v.allocateNew(n);
        putLongs(v.getDataBuffer(), (long[]) c.values(), from, n);
        finishFixed(v, valid, from, n);
      }
      case FLOAT -> {
        Float4Vector v = (Float4Vector) vector;
        v.allocateNew(n);
        putFloats(v.getDataBuffer(), (float[]) c.values(), from, n);
        finishFixed(v, valid, from, n);
      }
      case DOUBLE -> {
        Float8Vector v = (Float8Vector) vector;
        v.allocateNew(n);
        view(v.getDataBuffer(), 0, 8L * n).asDoubleBuffer().put((double[]) c.values(), from, n);
        finishFixed(v, valid, from, n);
      }
      case VARCHAR, STRING -> {
        VarCharVector v = (VarCharVector) vector;
        String[] src = (String[]) c.values();
        v.clear();
        v.allocateNew(n);
        for (int i = 0; i < n; i++) {
          int row = from + i;
          if (c.isNull(row) || src[row] == null) {
            v.setNull(i);
          } else {
            v.setSafe(i, src[row].getBytes(StandardCharsets.UTF_8));
          }
        }
        v.setValueCount(n);
      }
      case JSON -> {
        VarCharVector v = (VarCharVector) vector;
        v.clear();
        v.allocateNew(n);
        for (int i = 0; i < n; i++) {
          byte[] cell = json[from + i];
          if (cell == null) {
            v.setNull(i);
          } else {
            v.setSafe(i, cell);
          }
        }
        v.setValueCount(n);
      }
      case ARRAY -> fillList((ListVector) vector, c, from, n);
      case FLOAT_VECTOR -> {
        FixedSizeListVector v = (FixedSizeListVector) vector;
        int dim = f.dim();
        v.clear();
        v.setInitialCapacity(n);
        v.allocateNew();
        Float4Vector items = (Float4Vector) v.getDataVector();
        long count = (long) n * dim;
        putFloats(items.getDataBuffer(), (float[]) c.values(), (long) from * dim, count);
        items.getValidityBuffer().setOne(0L, (count + 7) >>> 3);
        writeValidity(v.getValidityBuffer(), valid, from, n);
        v.setValueCount(n);
      }
      default -> throw new IllegalArgumentException("field " + f.name() + ": unsupported type " + f.type());
    }
  }

  private static void finishFixed(BaseFixedWidthVector v, boolean[] valid, int from, int n) {
    writeValidity(v.getValidityBuffer(), valid, from, n);
    v.setValueCount(n);
  }

  private static void fillList(ListVector v, ColumnData c, int from, int n) {
    FieldSchema f = c.field();
    @SuppressWarnings("unchecked")
    List<Object>[] src = (List<Object>[]) c.values();
    v.clear();
    v.setInitialCapacity(n);
    v.allocateNew();
    FieldVector items = v.getDataVector();
    int next = 0;
    for (int i = 0; i < n; i++) {
      int row = from + i;
      List<Object> list = src[row];
      if (c.isNull(row) || list == null) {
        v.setNull(i);
        continue;
      }
      int start = v.startNewValue(i);
      for (int j = 0; j < list.size(); j++) {
        setItem(items, f, start + j, list.get(j));
      }
      v.endValue(i, list.size());
      next = start + list.size();
    }
    items.setValueCount(next);
    v.setValueCount(n);
  }

  private static void setItem(FieldVector items, FieldSchema f, int index, Object e) {
    if (e == null) {
      throw new IllegalArgumentException("array field " + f.name() + " holds a null element");
    }
    switch (f.elementType()) {
      case BOOL -> ((BitVector) items).setSafe(index, (Boolean) e ? 1 : 0);
      case INT8 -> ((TinyIntVector) items).setSafe(index, ((Number) e).intValue());
      case INT16 -> ((SmallIntVector) items).setSafe(index, ((Number) e).intValue());
      case INT32 -> ((IntVector) items).setSafe(index, ((Number) e).intValue());
      case INT64 -> ((BigIntVector) items).setSafe(index, ((Number) e).longValue());
      case FLOAT -> ((Float4Vector) items).setSafe(index, ((Number) e).floatValue());
      case DOUBLE -> ((Float8Vector) items).setSafe(index, ((Number) e).doubleValue());
      case VARCHAR, STRING -> ((VarCharVector) items).setSafe(index, ((String) e).getBytes(StandardCharsets.UTF_8));
      default -> throw new IllegalArgumentException("array field " + f.name() + ": unsupported element type " + f.elementType());
    }
  }

  /** Writes the timestamps of rows {@code [from, from + n)} into {@code v}. */
  static void fillTimestamps(BigIntVector v, long[] timestamps, int from, int n) {
    v.allocateNew(n);
    putLongs(v.getDataBuffer(), timestamps, from, n);
    finishFixed(v, null, from, n);
  }

  private static void writeValidity(ArrowBuf validity, boolean[] valid, int from, int n) {
    if (valid == null) {
      validity.setOne(0L, (n + 7L) >>> 3);
    } else {
      validity.setBytes(0, packBits(valid, from, n));
    }
  }

  private static byte[] packBits(boolean[] bits, int from, int n) {
    byte[] out = new byte[(n + 7) >>> 3];
    for (int i = 0; i < n; i++) {
      if (bits[from + i]) {
        out[i >>> 3] |= (byte) (1 << (i & 7));
      }
    }
    return out;
  }

  /** A little-endian view of {@code length} bytes of {@code buf} at {@code offset}; length below 2 GiB. */
  private static ByteBuffer view(ArrowBuf buf, long offset, long length) {
    if (length == 0) {
      return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
    }
    return buf.nioBuffer(offset, Math.toIntExact(length)).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void putFloats(ArrowBuf buf, float[] src, long from, long count) {
    for (long done = 0; done < count; ) {
      int chunk = (int) Math.min(count - done, COPY_CHUNK / 4);
      view(buf, done * 4, chunk * 4L).asFloatBuffer().put(src, (int) (from + done), chunk);
      done += chunk;
    }
  }

  private static void putLongs(ArrowBuf buf, long[] src, int from, int count) {
    for (long done = 0; done < count; ) {
      int chunk = (int) Math.min(count - done, COPY_CHUNK / 8);
      view(buf, done * 8, chunk * 8L).asLongBuffer().put(src, (int) (from + done), chunk);
      done += chunk;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /**
   * Accumulates one column over the record batches of a file into dense engine arrays. Not thread
   * safe.
   */
  static final class Reader {

    private final FieldSchema field;
    private final int rows;
    private final Object values;
    private boolean[] valid;

    Reader(FieldSchema field, int rows) {
      this.field = field;
      this.rows = rows;
      this.values = switch (field.type()) {
        case BOOL -> new boolean[rows];
        case INT8, INT16, INT32 -> new int[rows];
        case INT64 -> new long[rows];
        case FLOAT -> new float[rows];
        case FLOAT_VECTOR -> new float[Math.multiplyExact(rows, field.dim())];
        case DOUBLE -> new double[rows];
        case VARCHAR, STRING -> new String[rows];
        case JSON -> new JsonNode[rows];
        case ARRAY -> new List<?>[rows];
        default -> throw new IllegalArgumentException("unsupported type " + field.type());
      };
    }

    ColumnData finish() {
      return new ColumnData(field, rows, values, valid);
    }

    /** Copies the {@code n} rows of {@code vector} to rows {@code [base, base + n)}. */
    void read(FieldVector vector, int base, int n) throws IOException {
      if (n == 0) {
        return;
      }
      readValidity(vector, base, n);
      switch (field.type()) {
        case BOOL -> unpackBits(vector.getDataBuffer(), (boolean[]) values, base, n);
        case INT8 -> {
          byte[] bytes = new byte[n];
          vector.getDataBuffer().getBytes(0, bytes);
          int[] dst = (int[]) values;
          for (int i = 0; i < n; i++) {
            dst[base + i] = bytes[i];
          }
        }
        case INT16 -> {
          short[] shorts = new short[n];
          view(vector.getDataBuffer(), 0, 2L * n).asShortBuffer().get(shorts);
          int[] dst = (int[]) values;
          for (int i = 0; i < n; i++) {
            dst[base + i] = shorts[i];
          }
        }
        case INT32 -> view(vector.getDataBuffer(), 0, 4L * n).asIntBuffer().get((int[]) values, base, n);
        case INT64 -> getLongs(vector.getDataBuffer(), (long[]) values, base, n);
        case FLOAT -> getFloats(vector.getDataBuffer(), (float[]) values, base, n);
        case DOUBLE -> view(vector.getDataBuffer(), 0, 8L * n).asDoubleBuffer().get((double[]) values, base, n);
        case VARCHAR, STRING -> {
          Utf8Cells cells = new Utf8Cells((VarCharVector) vector, n);
          String[] dst = (String[]) values;
          for (int i = 0; i < n; i++) {
            if (!vector.isNull(i)) {
              dst[base + i] = cells.string(i);
            }
          }
        }
        case JSON -> {
          Utf8Cells cells = new Utf8Cells((VarCharVector) vector, n);
          JsonNode[] dst = (JsonNode[]) values;
          for (int i = 0; i < n; i++) {
            if (!vector.isNull(i)) {
              dst[base + i] = cells.json(i);
            }
          }
        }
        case ARRAY -> readLists((ListVector) vector, base, n);
        case FLOAT_VECTOR -> {
          FixedSizeListVector v = (FixedSizeListVector) vector;
          long count = (long) n * field.dim();
          Float4Vector items = (Float4Vector) v.getDataVector();
          if (items.getValueCount() < count) {
            throw new IOException("vector column holds " + items.getValueCount() + " floats for " + n + " rows");
          }
          getFloats(items.getDataBuffer(), (float[]) values, (long) base * field.dim(), count);
        }
        default -> throw new IOException("unsupported type " + field.type());
      }
    }

    private void readValidity(FieldVector vector, int base, int n) {
      if (vector.getNullCount() == 0) {
        if (valid != null) {
          Arrays.fill(valid, base, base + n, true);
        }
        return;
      }
      if (valid == null) {
        valid = new boolean[rows];
        Arrays.fill(valid, 0, base, true);
      }
      unpackBits(vector.getValidityBuffer(), valid, base, n);
    }

    private void readLists(ListVector v, int base, int n) throws IOException {
      int[] offsets = new int[n + 1];
      view(v.getOffsetBuffer(), 0, 4L * (n + 1)).asIntBuffer().get(offsets);
      FieldVector items = v.getDataVector();
      int itemCount = items.getValueCount();
      checkOffsets(offsets, itemCount);
      Object[] elements = readItems(items, itemCount);
      @SuppressWarnings("unchecked")
      List<Object>[] dst = (List<Object>[]) values;
      for (int i = 0; i < n; i++) {
        if (!v.isNull(i)) {
          dst[base + i] = List.of(Arrays.copyOfRange(elements, offsets[i], offsets[i + 1]));
        }
      }
    }

    private Object[] readItems(FieldVector items, int count) throws IOException {
      Object[] out = new Object[count];
      if (count == 0) {
        return out;
      }
      if (items.getNullCount() != 0) {
        throw new IOException("array field " + field.name() + " holds null elements");
      }
      switch (field.elementType()) {
        case BOOL -> {
          boolean[] bits = new boolean[count];
          unpackBits(items.getDataBuffer(), bits, 0, count);
          for (int i = 0; i < count; i++) {
            out[i] = bits[i];
          }
        }
        case INT8 -> {
          byte[] bytes = new byte[count];
          items.getDataBuffer().getBytes(0, bytes);
          for (int i = 0; i < count; i++) {
            out[i] = (int) bytes[i];
          }
        }
        case INT16 -> {
          short[] a = new short[count];
          view(items.getDataBuffer(), 0, 2L * count).asShortBuffer().get(a);
          for (int i = 0; i < count; i++) {
            out[i] = (int) a[i];
          }
        }
        case INT32 -> {
          int[] a = new int[count];
          view(items.getDataBuffer(), 0, 4L * count).asIntBuffer().get(a);
          for (int i = 0; i < count; i++) {
            out[i] = a[i];
          }
        }
        case INT64 -> {
          long[] a = new long[count];
          getLongs(items.getDataBuffer(), a, 0, count);
          for (int i = 0; i < count; i++) {
            out[i] = a[i];
          }
        }
        case FLOAT -> {
          float[] a = new float[count];
          getFloats(items.getDataBuffer(), a, 0, count);
          for (int i = 0; i < count; i++) {
            out[i] = a[i];
          }
        }
        case DOUBLE -> {
          double[] a = new double[count];
          view(items.getDataBuffer(), 0, 8L * count).asDoubleBuffer().get(a);
          for (int i = 0; i < count; i++) {
            out[i] = a[i];
          }
        }
        case VARCHAR, STRING -> {
          Utf8Cells cells = new Utf8Cells((VarCharVector) items, count);
          for (int i = 0; i < count; i++) {
            out[i] = cells.string(i);
          }
        }
        default -> throw new IOException("array field " + field.name() + ": unsupported element type " + field.elementType());
      }
      return out;
    }
  }

  /** The cells of a VarChar vector, copied out of Arrow memory in two bulk copies. */
  private static final class Utf8Cells {
    private final int[] offsets;
    private final byte[] data;

    Utf8Cells(VarCharVector v, int n) throws IOException {
      offsets = new int[n + 1];
      view(v.getOffsetBuffer(), 0, 4L * (n + 1)).asIntBuffer().get(offsets);
      int end = offsets[n];
      if (end < 0 || end > v.getDataBuffer().capacity()) {
        throw new IOException("text offsets point past the data buffer");
      }
      checkOffsets(offsets, end);
      data = new byte[end];
      v.getDataBuffer().getBytes(0, data);
    }

    String string(int i) {
      return new String(data, offsets[i], offsets[i + 1] - offsets[i], StandardCharsets.UTF_8);
    }

    JsonNode json(int i) throws IOException {
      JsonNode node = Json.MAPPER.readTree(data, offsets[i], offsets[i + 1] - offsets[i]);
      if (node == null || node.isMissingNode()) {
        throw new IOException("empty JSON cell");
      }
      return node;
    }
  }

  private static void checkOffsets(int[] offsets, int limit) throws IOException {
    if (offsets[0] < 0) {
      throw new IOException("negative offset");
    }
    for (int i = 1; i < offsets.length; i++) {
      if (offsets[i] < offsets[i - 1]) {
        throw new IOException("offsets decrease at " + i);
      }
    }
    if (offsets[offsets.length - 1] > limit) {
      throw new IOException("offsets point past the " + limit + " values");
    }
  }

  private static void unpackBits(ArrowBuf buf, boolean[] dst, int base, int n) {
    byte[] bytes = new byte[(n + 7) >>> 3];
    buf.getBytes(0, bytes);
    for (int i = 0; i < n; i++) {
      dst[base + i] = (bytes[i >>> 3] & (1 << (i & 7))) != 0;
    }
  }

  private static void getFloats(ArrowBuf buf, float[] dst, long base, long count) {
    for (long done = 0; done < count; ) {
      int chunk = (int) Math.min(count - done, COPY_CHUNK / 4);
      view(buf, done * 4, chunk * 4L).asFloatBuffer().get(dst, (int) (base + done), chunk);
      done += chunk;
    }
  }

  static void getLongs(ArrowBuf buf, long[] dst, int base, int count) {
    for (long done = 0; done < count; ) {
      int chunk = (int) Math.min(count - done, COPY_CHUNK / 8);
      view(buf, done * 8, chunk * 8L).asLongBuffer().get(dst, (int) (base + done), chunk);
      done += chunk;
    }
  }
}
