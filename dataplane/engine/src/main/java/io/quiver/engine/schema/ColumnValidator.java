package io.quiver.engine.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.quiver.engine.error.QuiverException;
import io.quiver.engine.segment.ColumnData;
import java.util.Iterator;
import java.util.List;

/**
 * Checks inserted values against their field: integer ranges, finite floats and vectors, VarChar
 * length (in characters), array capacity and element types, JSON size and dynamic-field keys.
 * Errors name the field and the row.
 */
public final class ColumnValidator {

  /** Largest JSON value accepted per cell, in bytes of its text. */
  public static final int MAX_JSON_BYTES = 65536;

  private ColumnValidator() {}

  public static void validate(ColumnData data, CollectionSchema schema) {
    FieldSchema f = data.field();
    int rows = data.rows();
    switch (f.type()) {
      case INT8, INT16 -> {
        int[] v = (int[]) data.values();
        for (int i = 0; i < rows; i++) {
          if (!data.isNull(i) && (v[i] < f.type().minValue() || v[i] > f.type().maxValue())) {
            throw QuiverException.invalid("field %s: value %d in row %d is out of range for %s", f.name(), v[i], i,
                f.type().milvusName());
          }
        }
      }
      case FLOAT -> {
        float[] v = (float[]) data.values();
        for (int i = 0; i < rows; i++) {
          if (!data.isNull(i) && !Float.isFinite(v[i])) {
            throw QuiverException.invalid("field %s: value in row %d is NaN or infinity", f.name(), i);
          }
        }
      }
      case DOUBLE -> {
        double[] v = (double[]) data.values();
        for (int i = 0; i < rows; i++) {
          if (!data.isNull(i) && !Double.isFinite(v[i])) {
            throw QuiverException.invalid("field %s: value in row %d is NaN or infinity", f.name(), i);
          }
        }
      }
      case VARCHAR -> {
        String[] v = (String[]) data.values();
        for (int i = 0; i < rows; i++) {
          if (data.isNull(i)) {
            continue;
          }
          if (v[i] == null) {
            throw QuiverException.invalid("field %s: value in row %d is null but the field is not nullable", f.name(), i);
          }
          checkLength(f, v[i], i);
        }
      }
      case JSON -> {
        JsonNode[] v = (JsonNode[]) data.values();
        for (int i = 0; i < rows; i++) {
          if (data.isNull(i)) {
            continue;
          }
          if (v[i] == null) {
            throw QuiverException.invalid("field %s: value in row %d is null but the field is not nullable", f.name(), i);
          }
          if (f.dynamic()) {
            checkDynamic(v[i], schema, i);
          }
        }
      }
      case ARRAY -> {
        @SuppressWarnings("unchecked")
        List<Object>[] v = (List<Object>[]) data.values();
        for (int i = 0; i < rows; i++) {
          if (data.isNull(i)) {
            continue;
          }
          if (v[i] == null) {
            throw QuiverException.invalid("field %s: value in row %d is null but the field is not nullable", f.name(), i);
          }
          checkArray(f, v[i], i);
        }
      }
      case FLOAT_VECTOR -> {
        float[] v = (float[]) data.values();
        int dim = f.dim();
        for (int j = 0; j < v.length; j++) {
          if (!Float.isFinite(v[j])) {
            throw QuiverException.invalid("field %s: vector in row %d contains NaN or infinity", f.name(), j / dim);
          }
        }
      }
      default -> {}
    }
  }

  private static void checkLength(FieldSchema f, String s, int row) {
    int max = f.maxLength();
    if (s.length() > max && s.codePointCount(0, s.length()) > max) {
      throw QuiverException.invalid("field %s: length of value in row %d (%d) exceeds max_length %d", f.name(), row,
          s.codePointCount(0, s.length()), max);
    }
  }

  private static void checkArray(FieldSchema f, List<Object> values, int row) {
    if (values.size() > f.maxCapacity()) {
      throw QuiverException.invalid("field %s: array in row %d has %d elements, more than max_capacity %d", f.name(), row,
          values.size(), f.maxCapacity());
    }
    DataType et = f.elementType();
    for (Object e : values) {
      boolean ok = switch (et) {
        case BOOL -> e instanceof Boolean;
        case INT8, INT16, INT32 -> e instanceof Integer i && i >= et.minValue() && i <= et.maxValue();
        case INT64 -> e instanceof Long;
        case FLOAT -> e instanceof Float x && Float.isFinite(x);
        case DOUBLE -> e instanceof Double x && Double.isFinite(x);
        case VARCHAR -> e instanceof String;
        default -> false;
      };
      if (!ok) {
        throw QuiverException.invalid("field %s: array in row %d holds %s, which is not a valid %s element", f.name(), row,
            e, et.milvusName());
      }
      if (et == DataType.VARCHAR) {
        String s = (String) e;
        if (s.length() > f.maxLength() && s.codePointCount(0, s.length()) > f.maxLength()) {
          throw QuiverException.invalid("field %s: array element in row %d is longer than max_length %d", f.name(), row,
              f.maxLength());
        }
      }
    }
  }

  private static void checkDynamic(JsonNode value, CollectionSchema schema, int row) {
    if (!value.isObject()) {
      throw QuiverException.invalid("dynamic field %s: value in row %d must be a JSON object", FieldSchema.DYNAMIC_FIELD_NAME, row);
    }
    Iterator<String> names = value.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      if (key.equals(FieldSchema.DYNAMIC_FIELD_NAME)) {
        throw QuiverException.invalid("dynamic field key %s in row %d is reserved", key, row);
      }
      FieldSchema clash = schema.field(key);
      if (clash != null && !clash.dynamic()) {
        throw QuiverException.invalid("dynamic field key %s in row %d duplicates the static field %s", key, row, key);
      }
    }
  }
}
