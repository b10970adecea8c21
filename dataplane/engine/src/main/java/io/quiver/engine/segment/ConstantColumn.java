package io.quiver.engine.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.quiver.engine.schema.FieldSchema;
import java.util.List;

/**
 * The column of a field that did not exist when a segment was written: every row holds the
 * field's default value, or null when it has none. Immutable.
 */
public final class ConstantColumn implements ColumnReader {

  private final FieldSchema field;
  private final Object value;

  public ConstantColumn(FieldSchema field) {
    this.field = field;
    this.value = field.defaultValue();
  }

  @Override
  public FieldSchema field() {
    return field;
  }

  @Override
  public boolean isNull(int row) {
    return value == null;
  }

  @Override
  public boolean getBool(int row) {
    return value instanceof Boolean b && b;
  }

  @Override
  public long getLong(int row) {
    return value instanceof Number n ? n.longValue() : 0L;
  }

  @Override
  public double getDouble(int row) {
    return value instanceof Number n ? n.doubleValue() : 0d;
  }

  @Override
  public String getString(int row) {
    return value instanceof String s ? s : null;
  }

  @Override
  public JsonNode getJson(int row) {
    return value instanceof JsonNode j ? j : null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<Object> getArray(int row) {
    return value instanceof List<?> l ? (List<Object>) l : null;
  }

  @Override
  public void getFloatVector(int row, float[] dst, int offset) {
    throw new UnsupportedOperationException("vector field " + field.name() + " has no values in this segment");
  }

  @Override
  public Object getObject(int row) {
    return value;
  }
}
