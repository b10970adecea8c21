package io.quiver.engine.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import java.util.Arrays;
import java.util.List;

/** Builds {@link ColumnData} for common cases. */
public final class ColumnDataFactory {

  private ColumnDataFactory() {}

  /** {@code rows} cells holding the field's default value, or nulls when it has none. */
  public static ColumnData constant(FieldSchema field, int rows) {
    Object def = field.defaultValue();
    boolean[] valid = null;
    if (def == null) {
      valid = new boolean[rows];
    }
    Object values =
        switch (field.type()) {
          case BOOL -> {
            boolean[] a = new boolean[rows];
            if (def instanceof Boolean b) {
              Arrays.fill(a, b);
            }
            yield a;
          }
          case INT8, INT16, INT32 -> {
            int[] a = new int[rows];
            if (def instanceof Number n) {
              Arrays.fill(a, n.intValue());
            }
            yield a;
          }
          case INT64 -> {
            long[] a = new long[rows];
            if (def instanceof Number n) {
              Arrays.fill(a, n.longValue());
            }
            yield a;
          }
          case FLOAT -> {
            float[] a = new float[rows];
            if (def instanceof Number n) {
              Arrays.fill(a, n.floatValue());
            }
            yield a;
          }
          case DOUBLE -> {
            double[] a = new double[rows];
            if (def instanceof Number n) {
              Arrays.fill(a, n.doubleValue());
            }
            yield a;
          }
          case VARCHAR, STRING -> {
            String[] a = new String[rows];
            Arrays.fill(a, def);
            yield a;
          }
          case JSON -> {
            JsonNode[] a = new JsonNode[rows];
            if (def != null) {
              Arrays.fill(a, def);
            }
            yield a;
          }
          case ARRAY -> {
            @SuppressWarnings("unchecked")
            List<Object>[] a = new List[rows];
            if (def != null) {
              Arrays.fill(a, def);
            }
            yield a;
          }
          case FLOAT_VECTOR -> new float[Math.multiplyExact(rows, field.dim())];
          default -> throw new IllegalArgumentException("unsupported type " + field.type());
        };
    if (field.type() == DataType.FLOAT_VECTOR) {
      valid = new boolean[rows];
    }
    return new ColumnData(field, rows, values, valid);
  }
}
