package io.quiver.engine.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.quiver.engine.index.FloatVectorValues;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.vector.MetricType;
import io.quiver.engine.vector.VectorUtil;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The vectors of a sealed segment read from a memory-mapped file: {@code rows * dim} little-endian
 * float32 values, row-major, starting at byte 0 of {@code data}. Nothing is copied onto the Java
 * heap, so collections larger than the heap can be served. Immutable; safe for concurrent reads
 * while the mapping is alive (the owning segment closes it).
 */
public final class MappedVectorColumn implements ColumnReader, VectorReader {

  private static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final FieldSchema field;
  private final MemorySegment data;
  private final int rows;
  private final int dim;

  public MappedVectorColumn(FieldSchema field, MemorySegment data, int rows) {
    if (data.byteSize() < (long) rows * field.dim() * Float.BYTES) {
      throw new IllegalArgumentException("vector data of field " + field.name() + " holds fewer than " + rows + " rows");
    }
    this.field = field;
    this.data = data;
    this.rows = rows;
    this.dim = field.dim();
  }

  public int rows() {
    return rows;
  }

  @Override
  public int dimension() {
    return dim;
  }

  @Override
  public FieldSchema field() {
    return field;
  }

  @Override
  public void copy(int row, float[] dst, int offset) {
    MemorySegment.copy(data, FLOAT_LE, (long) row * dim * Float.BYTES, dst, offset, dim);
  }

  @Override
  public float score(MetricType metric, float[] query, int row, float[] scratch) {
    long offset = (long) row * dim * Float.BYTES;
    return switch (metric) {
      case L2 -> VectorUtil.squareDistance(query, data, offset, dim);
      case IP -> VectorUtil.dotProduct(query, data, offset, dim);
      case COSINE -> {
        copy(row, scratch, 0);
        yield VectorUtil.cosine(query, 0, scratch, 0, dim);
      }
    };
  }

  @Override
  public FloatVectorValues values(int count) {
    return new FloatVectorValues() {
      @Override
      public int dimension() {
        return dim;
      }

      @Override
      public int size() {
        return count;
      }

      @Override
      public void copy(int ord, float[] dst, int offset) {
        MappedVectorColumn.this.copy(ord, dst, offset);
      }
    };
  }

  @Override
  public boolean isNull(int row) {
    return false;
  }

  @Override
  public void getFloatVector(int row, float[] dst, int offset) {
    copy(row, dst, offset);
  }

  @Override
  public Object getObject(int row) {
    float[] v = new float[dim];
    copy(row, v, 0);
    return v;
  }

  private UnsupportedOperationException wrong(String accessor) {
    return new UnsupportedOperationException(accessor + " on vector field " + field.name());
  }

  @Override
  public boolean getBool(int row) {
    throw wrong("getBool");
  }

  @Override
  public long getLong(int row) {
    throw wrong("getLong");
  }

  @Override
  public double getDouble(int row) {
    throw wrong("getDouble");
  }

  @Override
  public String getString(int row) {
    throw wrong("getString");
  }

  @Override
  public JsonNode getJson(int row) {
    throw wrong("getJson");
  }

  @Override
  public List<Object> getArray(int row) {
    throw wrong("getArray");
  }
}
