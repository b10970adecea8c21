package io.quiver.engine.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import java.util.Arrays;
import java.util.List;

/**
 * An append-only column of one field, in memory. One writer appends; any number of readers read
 * rows below the row count the owning segment has published (the segment publishes through a
 * volatile write after appending, and the backing arrays are volatile so a grow is seen whole).
 */
public abstract sealed class AppendColumn implements ColumnReader {

  protected final FieldSchema field;
  /** Validity bits (1 = valid); only kept for nullable fields. */
  private volatile long[] validWords;
  protected int size;

  AppendColumn(FieldSchema field, int initialCapacity) {
    this.field = field;
    this.validWords = field.nullable() ? new long[Math.max(1, (initialCapacity + 63) >>> 6)] : null;
  }

  /** A column for {@code field} with room for {@code initialCapacity} rows before growing. */
  public static AppendColumn create(FieldSchema field, int initialCapacity) {
    int cap = Math.max(16, initialCapacity);
    return switch (field.type()) {
      case BOOL -> new BoolColumn(field, cap);
      case INT8, INT16, INT32 -> new IntColumn(field, cap);
      case INT64 -> new LongColumn(field, cap);
      case FLOAT -> new FloatColumn(field, cap);
      case DOUBLE -> new DoubleColumn(field, cap);
      case VARCHAR, STRING, JSON, ARRAY -> new ObjectColumn(field, cap);
      case FLOAT_VECTOR -> new FloatVectorColumn(field, cap);
      default -> throw new IllegalArgumentException("unsupported field type " + field.type() + " for field " + field.name());
    };
  }

  @Override
  public final FieldSchema field() {
    return field;
  }

  /** Rows appended so far (the writer's view; readers use the segment's published count). */
  public int size() {
    return size;
  }

  /** Appends rows {@code [from, from + count)} of {@code data}. Single writer only. */
  public final void append(ColumnData data, int from, int count) {
    ensureCapacity(size + count);
    if (validWords != null) {
      long[] words = validWords;
      int needed = (size + count + 63) >>> 6;
      if (needed > words.length) {
        words = Arrays.copyOf(words, Math.max(needed, words.length * 2));
      }
      for (int i = 0; i < count; i++) {
        int row = size + i;
        if (!data.isNull(from + i)) {
          words[row >>> 6] |= 1L << row;
        } else {
          words[row >>> 6] &= ~(1L << row);
        }
      }
      validWords = words;
    }
    appendValues(data.values(), from, count);
    size += count;
  }

  abstract void ensureCapacity(int rows);

  /** A copy of the values of rows {@code [0, rows)} as column data (dense, with validity). */
  public final ColumnData snapshot(int rows) {
    boolean[] valid = null;
    long[] words = validWords;
    if (words != null) {
      valid = new boolean[rows];
      boolean anyNull = false;
      for (int i = 0; i < rows; i++) {
        valid[i] = (words[i >>> 6] & (1L << i)) != 0;
        anyNull |= !valid[i];
      }
      if (!anyNull) {
        valid = null;
      }
    }
    return new ColumnData(field, rows, copyValues(rows), valid);
  }

  abstract Object copyValues(int rows);

  abstract void appendValues(Object values, int from, int count);

  /** Approximate heap bytes held. */
  public abstract long ramBytesUsed();

  @Override
  public boolean isNull(int row) {
    long[] words = validWords;
    return words != null && (words[row >>> 6] & (1L << row)) == 0;
  }

  static int grow(int current, int needed) {
    int next = Math.max(needed, current + (current >> 1) + 16);
    return next < 0 ? Integer.MAX_VALUE - 8 : next;
  }

  private UnsupportedOperationException wrongAccessor(String accessor) {
    return new UnsupportedOperationException(accessor + " on " + field.type() + " field " + field.name());
  }

  @Override
  public boolean getBool(int row) {
    throw wrongAccessor("getBool");
  }

  @Override
  public long getLong(int row) {
    throw wrongAccessor("getLong");
  }

  @Override
  public double getDouble(int row) {
    throw wrongAccessor("getDouble");
  }

  @Override
  public String getString(int row) {
    throw wrongAccessor("getString");
  }

  @Override
  public JsonNode getJson(int row) {
    throw wrongAccessor("getJson");
  }

  @Override
  public List<Object> getArray(int row) {
    throw wrongAccessor("getArray");
  }

  @Override
  public void getFloatVector(int row, float[] dst, int offset) {
    throw wrongAccessor("getFloatVector");
  }

  static final class BoolColumn extends AppendColumn {
    private volatile boolean[] data;

    BoolColumn(FieldSchema field, int cap) {
      super(field, cap);
      data = new boolean[cap];
    }

    @Override
    Object copyValues(int rows) {
      return Arrays.copyOf(data, rows);
    }

    @Override
    void ensureCapacity(int rows) {
      if (rows > data.length) {
        data = Arrays.copyOf(data, grow(data.length, rows));
      }
    }

    @Override
    void appendValues(Object values, int from, int count) {
      System.arraycopy((boolean[]) values, from, data, size, count);
    }

    @Override
    public boolean getBool(int row) {
      return data[row];
    }

    @Override
    public Object getObject(int row) {
      return isNull(row) ? null : data[row];
    }

    @Override
    public long ramBytesUsed() {
      return data.length;
    }
  }

  static final class IntColumn extends AppendColumn {
    private volatile int[] data;

    IntColumn(FieldSchema field, int cap) {
      super(field, cap);
      data = new int[cap];
    }

    @Override
    Object copyValues(int rows) {
      return Arrays.copyOf(data, rows);
    }

    @Override
    void ensureCapacity(int rows) {
      if (rows > data.length) {
        data = Arrays.copyOf(data, grow(data.length, rows));
      }
    }

    @Override
    void appendValues(Object values, int from, int count) {
      System.arraycopy((int[]) values, from, data, size, count);
    }

    @Override
    public long getLong(int row) {
      return data[row];
    }

    @Override
    public double getDouble(int row) {
      return data[row];
    }

    @Override
    public Object getObject(int row) {
      return isNull(row) ? null : data[row];
    }

    @Override
    public long ramBytesUsed() {
      return 4L * data.length;
    }
  }

  static final class LongColumn extends AppendColumn {
    private volatile long[] data;

    LongColumn(FieldSchema field, int cap) {
      super(field, cap);
      data = new long[cap];
    }

    @Override
    Object copyValues(int rows) {
      return Arrays.copyOf(data, rows);
    }

    @Override
    void ensureCapacity(int rows) {
      if (rows > data.length) {
        data = Arrays.copyOf(data, grow(data.length, rows));
      }
    }

    @Override
    void appendValues(Object values, int from, int count) {
      System.arraycopy((long[]) values, from, data, size, count);
    }

    @Override
    public long getLong(int row) {
      return data[row];
    }

    @Override
    public double getDouble(int row) {
      return data[row];
    }

    @Override
    public Object getObject(int row) {
      return isNull(row) ? null : data[row];
    }

    @Override
    public long ramBytesUsed() {
      return 8L * data.length;
    }
  }

  static final class FloatColumn extends AppendColumn {
    private volatile float[] data;

    FloatColumn(FieldSchema field, int cap) {
      super(field, cap);
      data = new float[cap];
    }

    @Override
    Object copyValues(int rows) {
      return Arrays.copyOf(data, rows);
    }

    @Override
    void ensureCapacity(int rows) {
      if (rows > data.length) {
        data = Arrays.copyOf(data, grow(data.length, rows));
      }
    }

    @Override
    void appendValues(Object values, int from, int count) {
      System.arraycopy((float[]) values, from, data, size, count);
    }

    @Override
    public double getDouble(int row) {
      return data[row];
    }

    @Override
    public Object getObject(int row) {
      return isNull(row) ? null : data[row];
    }

    @Override
    public long ramBytesUsed() {
      return 4L * data.length;
    }
  }

  static final class DoubleColumn extends AppendColumn {
    private volatile double[] data;

    DoubleColumn(FieldSchema field, int cap) {
      super(field, cap);
      data = new double[cap];
    }

    @Override
    Object copyValues(int rows) {
      return Arrays.copyOf(data, rows);
    }

    @Override
    void ensureCapacity(int rows) {
      if (rows > data.length) {
        data = Arrays.copyOf(data, grow(data.length, rows));
      }
    }

    @Override
    void appendValues(Object values, int from, int count) {
      System.arraycopy((double[]) values, from, data, size, count);
    }

    @Override
    public double getDouble(int row) {
      return data[row];
    }

    @Override
    public Object getObject(int row) {
      return isNull(row) ? null : data[row];
    }

    @Override
    public long ramBytesUsed() {
      return 8L * data.length;
    }
  }

  /** VARCHAR, JSON and ARRAY values, held as objects. */
  static final class ObjectColumn extends AppendColumn {
    private volatile Object[] data;

    ObjectColumn(FieldSchema field, int cap) {
      super(field, cap);
      data = new Object[cap];
    }

    @Override
    Object copyValues(int rows) {
      Object out = java.lang.reflect.Array.newInstance(ColumnData.arrayClass(field.type()).getComponentType(), rows);
      System.arraycopy(data, 0, out, 0, rows);
      return out;
    }

    @Override
    void ensureCapacity(int rows) {
      if (rows > data.length) {
        data = Arrays.copyOf(data, grow(data.length, rows));
      }
    }

    @Override
    void appendValues(Object values, int from, int count) {
      System.arraycopy((Object[]) values, from, data, size, count);
    }

    @Override
    public String getString(int row) {
      return (String) data[row];
    }

    @Override
    public JsonNode getJson(int row) {
      return (JsonNode) data[row];
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Object> getArray(int row) {
      return (List<Object>) data[row];
    }

    @Override
    public Object getObject(int row) {
      return isNull(row) ? null : data[row];
    }

    @Override
    public long ramBytesUsed() {
      long bytes = 16L + 4L * data.length;
      // Rough per-value estimate; exact accounting of strings and JSON trees is not worth a walk.
      return bytes + 48L * size;
    }
  }

  /** FLOAT_VECTOR values, row-major in one float array. */
  public static final class FloatVectorColumn extends AppendColumn implements VectorReader {
    private final int dim;
    private volatile float[] data;

    FloatVectorColumn(FieldSchema field, int cap) {
      super(field, cap);
      this.dim = field.dim();
      data = new float[Math.multiplyExact(cap, dim)];
    }

    @Override
    Object copyValues(int rows) {
      return Arrays.copyOf(data, rows * dim);
    }

    @Override
    void ensureCapacity(int rows) {
      long needed = (long) rows * dim;
      if (needed > data.length) {
        if (needed > Integer.MAX_VALUE - 8) {
          throw new IllegalStateException("vector column " + field.name() + " would exceed 2^31 floats");
        }
        int capRows = grow(data.length / dim, rows);
        long capFloats = Math.min((long) capRows * dim, Integer.MAX_VALUE - 8);
        data = Arrays.copyOf(data, (int) capFloats);
      }
    }

    @Override
    void appendValues(Object values, int from, int count) {
      System.arraycopy((float[]) values, from * dim, data, size * dim, count * dim);
    }

    @Override
    public void getFloatVector(int row, float[] dst, int offset) {
      System.arraycopy(data, row * dim, dst, offset, dim);
    }

    @Override
    public void copy(int row, float[] dst, int offset) {
      System.arraycopy(data, row * dim, dst, offset, dim);
    }

    @Override
    public float score(io.quiver.engine.vector.MetricType metric, float[] query, int row, float[] scratch) {
      return io.quiver.engine.vector.VectorUtil.score(metric, query, 0, data, row * dim, dim);
    }

    @Override
    public io.quiver.engine.index.FloatVectorValues values(int rows) {
      float[] snapshot = data;
      return new io.quiver.engine.index.FloatVectorValues() {
        @Override
        public int dimension() {
          return dim;
        }

        @Override
        public int size() {
          return rows;
        }

        @Override
        public void copy(int ord, float[] dst, int offset) {
          System.arraycopy(snapshot, ord * dim, dst, offset, dim);
        }
      };
    }

    /** The backing row-major array (live; rows beyond the published count are undefined). */
    public float[] array() {
      return data;
    }

    public int dimension() {
      return dim;
    }

    @Override
    public Object getObject(int row) {
      if (isNull(row)) {
        return null;
      }
      float[] v = new float[dim];
      getFloatVector(row, v, 0);
      return v;
    }

    @Override
    public long ramBytesUsed() {
      return 4L * data.length;
    }
  }
}
