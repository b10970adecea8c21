package io.quiver.engine.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import java.util.List;

/**
 * One field's values for a batch of rows, dense: one entry per row, with {@code valid[i] ==
 * false} marking a null cell (whose entry is a placeholder). The array type follows the field
 * type:
 *
 * <ul>
 *   <li>BOOL: {@code boolean[]}
 *   <li>INT8, INT16, INT32: {@code int[]}
 *   <li>INT64: {@code long[]}
 *   <li>FLOAT: {@code float[]}; DOUBLE: {@code double[]}
 *   <li>VARCHAR: {@code String[]}; JSON: {@code JsonNode[]}; ARRAY: {@code List<Object>[]}
 *   <li>FLOAT_VECTOR: {@code float[]} of {@code rows * dim}, row-major
 * </ul>
 *
 * @param field the field the values belong to
 * @param rows number of rows
 * @param values the typed array described above; not copied, must not be modified afterwards
 * @param valid validity per row, or {@code null} when every row is valid
 */
public record ColumnData(FieldSchema field, int rows, Object values, boolean[] valid) {

  public ColumnData {
    int expected = expectedLength(field, rows);
    int actual = java.lang.reflect.Array.getLength(values);
    if (actual != expected) {
      throw new IllegalArgumentException(
          "column " + field.name() + ": expected " + expected + " values, got " + actual);
    }
    if (valid != null && valid.length != rows) {
      throw new IllegalArgumentException("column " + field.name() + ": validity length " + valid.length + " != " + rows);
    }
  }

  private static int expectedLength(FieldSchema field, int rows) {
    return field.type() == DataType.FLOAT_VECTOR ? Math.multiplyExact(rows, field.dim()) : rows;
  }

  public boolean isNull(int row) {
    return valid != null && !valid[row];
  }

  /** The Java array type that holds values of {@code type}. */
  public static Class<?> arrayClass(DataType type) {
    return switch (type) {
      case BOOL -> boolean[].class;
      case INT8, INT16, INT32 -> int[].class;
      case INT64 -> long[].class;
      case FLOAT, FLOAT_VECTOR -> float[].class;
      case DOUBLE -> double[].class;
      case VARCHAR, STRING -> String[].class;
      case JSON -> JsonNode[].class;
      case ARRAY -> List[].class;
      default -> throw new IllegalArgumentException("unsupported column type " + type);
    };
  }

  /** The value of {@code row} in the engine's Java representation, or null for a null cell. */
  public Object get(int row) {
    if (isNull(row)) {
      return null;
    }
    return switch (values) {
      case boolean[] a -> a[row];
      case int[] a -> a[row];
      case long[] a -> a[row];
      case double[] a -> a[row];
      case float[] a when field.type() == DataType.FLOAT_VECTOR -> {
        float[] v = new float[field.dim()];
        System.arraycopy(a, row * field.dim(), v, 0, field.dim());
        yield v;
      }
      case float[] a -> a[row];
      case Object[] a -> a[row];
      default -> throw new IllegalStateException("unexpected values array " + values.getClass());
    };
  }
}
