package io.quiver.server.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.VectorField;
import io.quiver.engine.error.QuiverException;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.ColumnValidator;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.segment.ColumnData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the columns of an Insert or Upsert request into dense {@link ColumnData}, matched to
 * schema fields by name (the dynamic column by {@code is_dynamic} or the name {@code $meta}).
 * Accepts nullable columns both compact (values only for valid rows, as the SDKs send them) and
 * dense. Every error names the field.
 */
public final class FieldDataDecoder {

  private FieldDataDecoder() {}

  /** Decoded columns by field id, and the row count. */
  public record Decoded(Map<Long, ColumnData> columns, int rows) {}

  public static Decoded decode(CollectionSchema schema, List<FieldData> fieldsData, long numRows) {
    if (fieldsData.isEmpty()) {
      throw QuiverException.missing("the request has no field data");
    }
    int rows = numRows > 0 ? toIntRows(numRows) : inferRows(schema, fieldsData.get(0));
    Map<Long, ColumnData> out = new HashMap<>();
    for (FieldData fd : fieldsData) {
      FieldSchema field = resolve(schema, fd);
      if (out.containsKey(field.id())) {
        throw QuiverException.invalid("field %s appears twice in the request", field.name());
      }
      DataType sent = DataType.fromCode(fd.getTypeValue());
      if (sent != null && sent != DataType.NONE && sent != field.type() && !field.dynamic()) {
        throw QuiverException.invalid("field %s has type %s, but the request sends %s", field.name(),
            field.type().milvusName(), sent.milvusName());
      }
      out.put(field.id(), decodeColumn(field, fd, rows));
    }
    return new Decoded(out, rows);
  }

  private static int toIntRows(long numRows) {
    if (numRows > Integer.MAX_VALUE) {
      throw QuiverException.invalid("num_rows %d is too large", numRows);
    }
    return (int) numRows;
  }

  private static FieldSchema resolve(CollectionSchema schema, FieldData fd) {
    String name = fd.getFieldName();
    if (fd.getIsDynamic() || FieldSchema.DYNAMIC_FIELD_NAME.equals(name)) {
      if (schema.dynamicField() == null) {
        throw QuiverException.invalid("the collection has no dynamic field; the request's dynamic column %s is not allowed",
            name.isEmpty() ? FieldSchema.DYNAMIC_FIELD_NAME : name);
      }
      return schema.dynamicField();
    }
    FieldSchema f = schema.field(name);
    if (f == null) {
      throw QuiverException.invalid("field %s does not exist in the collection schema", name);
    }
    return f;
  }

  private static int inferRows(CollectionSchema schema, FieldData fd) {
    if (fd.getValidDataCount() > 0) {
      return fd.getValidDataCount();
    }
    FieldSchema f = resolve(schema, fd);
    if (fd.hasVectors()) {
      int dim = f.dim() > 0 ? f.dim() : (int) fd.getVectors().getDim();
      return dim == 0 ? 0 : fd.getVectors().getFloatVector().getDataCount() / dim;
    }
    return scalarCount(fd.getScalars());
  }

  private static int scalarCount(ScalarField s) {
    return switch (s.getDataCase()) {
      case BOOL_DATA -> s.getBoolData().getDataCount();
      case INT_DATA -> s.getIntData().getDataCount();
      case LONG_DATA -> s.getLongData().getDataCount();
      case FLOAT_DATA -> s.getFloatData().getDataCount();
      case DOUBLE_DATA -> s.getDoubleData().getDataCount();
      case STRING_DATA -> s.getStringData().getDataCount();
      case BYTES_DATA -> s.getBytesData().getDataCount();
      case ARRAY_DATA -> s.getArrayData().getDataCount();
      case JSON_DATA -> s.getJsonData().getDataCount();
      default -> 0;
    };
  }

  private static ColumnData decodeColumn(FieldSchema field, FieldData fd, int rows) {
    boolean[] valid = null;
    if (fd.getValidDataCount() > 0) {
      if (fd.getValidDataCount() != rows) {
        throw QuiverException.invalid("field %s: valid_data has %d entries for %d rows", field.name(), fd.getValidDataCount(), rows);
      }
      valid = new boolean[rows];
      boolean anyNull = false;
      for (int i = 0; i < rows; i++) {
        valid[i] = fd.getValidData(i);
        anyNull |= !valid[i];
      }
      if (!anyNull) {
        valid = null;
      } else if (!field.nullable() && !field.hasDefault()) {
        throw QuiverException.invalid("field %s is not nullable and has no default value, but the request holds null values",
            field.name());
      }
    }
    if (field.type() == DataType.FLOAT_VECTOR) {
      if (!fd.hasVectors() || fd.getVectors().getDataCase() != VectorField.DataCase.FLOAT_VECTOR) {
        throw QuiverException.invalid("field %s expects float vectors", field.name());
      }
      VectorField v = fd.getVectors();
      int count = v.getFloatVector().getDataCount();
      if (v.getDim() != 0 && v.getDim() != field.dim()) {
        throw QuiverException.invalid("the dim (%d) of field data does not match the dim (%d) of field %s", v.getDim(), field.dim(),
            field.name());
      }
      if ((long) rows * field.dim() != count) {
        throw QuiverException.invalid("field %s: expected %d floats (%d rows x dim %d), got %d: wrong dimension or row count",
            field.name(), (long) rows * field.dim(), rows, field.dim(), count);
      }
      float[] data = new float[count];
      for (int i = 0; i < count; i++) {
        data[i] = v.getFloatVector().getData(i);
      }
      return new ColumnData(field, rows, data, null);
    }
    if (!fd.hasScalars()) {
      throw QuiverException.invalid("field %s expects scalar values of type %s", field.name(), field.type().milvusName());
    }
    ScalarField s = fd.getScalars();
    int n = scalarCount(s);
    int validCount = valid == null ? rows : countValid(valid);
    boolean compact;
    if (n == rows) {
      compact = false;
    } else if (n == validCount) {
      compact = true;
    } else {
      throw QuiverException.invalid("field %s has %d values for %d rows", field.name(), n, rows);
    }
    return switch (field.type()) {
      case BOOL -> {
        expect(field, s, ScalarField.DataCase.BOOL_DATA);
        boolean[] out = new boolean[rows];
        fill(rows, valid, compact, (row, src) -> out[row] = s.getBoolData().getData(src));
        yield new ColumnData(field, rows, out, valid);
      }
      case INT8, INT16, INT32 -> {
        int[] out = new int[rows];
        if (s.getDataCase() == ScalarField.DataCase.LONG_DATA) {
          fill(rows, valid, compact, (row, src) -> {
            long x = s.getLongData().getData(src);
            if (x < field.type().minValue() || x > field.type().maxValue()) {
              throw QuiverException.invalid("field %s: value %d in row %d is out of range for %s", field.name(), x, row,
                  field.type().milvusName());
            }
            out[row] = (int) x;
          });
        } else {
          expect(field, s, ScalarField.DataCase.INT_DATA);
          fill(rows, valid, compact, (row, src) -> out[row] = s.getIntData().getData(src));
        }
        yield new ColumnData(field, rows, out, valid);
      }
      case INT64 -> {
        long[] out = new long[rows];
        if (s.getDataCase() == ScalarField.DataCase.INT_DATA) {
          fill(rows, valid, compact, (row, src) -> out[row] = s.getIntData().getData(src));
        } else {
          expect(field, s, ScalarField.DataCase.LONG_DATA);
          fill(rows, valid, compact, (row, src) -> out[row] = s.getLongData().getData(src));
        }
        yield new ColumnData(field, rows, out, valid);
      }
      case FLOAT -> {
        float[] out = new float[rows];
        if (s.getDataCase() == ScalarField.DataCase.DOUBLE_DATA) {
          fill(rows, valid, compact, (row, src) -> out[row] = (float) s.getDoubleData().getData(src));
        } else {
          expect(field, s, ScalarField.DataCase.FLOAT_DATA);
          fill(rows, valid, compact, (row, src) -> out[row] = s.getFloatData().getData(src));
        }
        yield new ColumnData(field, rows, out, valid);
      }
      case DOUBLE -> {
        double[] out = new double[rows];
        if (s.getDataCase() == ScalarField.DataCase.FLOAT_DATA) {
          fill(rows, valid, compact, (row, src) -> out[row] = s.getFloatData().getData(src));
        } else {
          expect(field, s, ScalarField.DataCase.DOUBLE_DATA);
          fill(rows, valid, compact, (row, src) -> out[row] = s.getDoubleData().getData(src));
        }
        yield new ColumnData(field, rows, out, valid);
      }
      case VARCHAR -> {
        expect(field, s, ScalarField.DataCase.STRING_DATA);
        String[] out = new String[rows];
        fill(rows, valid, compact, (row, src) -> out[row] = s.getStringData().getData(src));
        yield new ColumnData(field, rows, out, valid);
      }
      case JSON -> decodeJson(field, s, rows, valid, compact);
      case ARRAY -> {
        expect(field, s, ScalarField.DataCase.ARRAY_DATA);
        @SuppressWarnings("unchecked")
        List<Object>[] out = new List[rows];
        fill(rows, valid, compact, (row, src) -> out[row] = arrayRow(field, s.getArrayData().getData(src), row));
        yield new ColumnData(field, rows, out, valid);
      }
      default -> throw QuiverException.invalid("field %s: type %s is not supported", field.name(), field.type().milvusName());
    };
  }

  private static ColumnData decodeJson(FieldSchema field, ScalarField s, int rows, boolean[] valid, boolean compact) {
    expect(field, s, ScalarField.DataCase.JSON_DATA);
    JsonNode[] out = new JsonNode[rows];
    boolean[][] holder = {valid};
    fill(rows, valid, compact, (row, src) -> {
      com.google.protobuf.ByteString bytes = s.getJsonData().getData(src);
      if (bytes.size() > ColumnValidator.MAX_JSON_BYTES) {
        throw QuiverException.invalid("field %s: JSON value in row %d has %d bytes, more than the maximum %d", field.name(), row,
            bytes.size(), ColumnValidator.MAX_JSON_BYTES);
      }
      if (bytes.isEmpty()) {
        if (field.dynamic()) {
          out[row] = JsonNodeFactory.instance.objectNode();
          return;
        }
        if (!field.nullable()) {
          throw QuiverException.invalid("field %s: JSON value in row %d is empty", field.name(), row);
        }
        if (holder[0] == null) {
          holder[0] = new boolean[rows];
          java.util.Arrays.fill(holder[0], true);
        }
        holder[0][row] = false;
        return;
      }
      try {
        out[row] = SchemaCodec.parseJson(bytes.toByteArray());
      } catch (IOException e) {
        throw QuiverException.invalid("field %s: value in row %d is not valid JSON: %s", field.name(), row,
            e.getMessage().lines().findFirst().orElse(""));
      }
    });
    return new ColumnData(field, rows, out, holder[0]);
  }

  private static List<Object> arrayRow(FieldSchema field, ScalarField cell, int row) {
    DataType et = field.elementType();
    List<Object> out = new ArrayList<>();
    switch (et) {
      case BOOL -> {
        checkElement(field, cell, ScalarField.DataCase.BOOL_DATA, row);
        out.addAll(cell.getBoolData().getDataList());
      }
      case INT8, INT16, INT32 -> {
        if (cell.getDataCase() == ScalarField.DataCase.LONG_DATA) {
          for (long x : cell.getLongData().getDataList()) {
            if (x < et.minValue() || x > et.maxValue()) {
              throw QuiverException.invalid("field %s: array element %d in row %d is out of range for %s", field.name(), x, row,
                  et.milvusName());
            }
            out.add((int) x);
          }
        } else {
          checkElement(field, cell, ScalarField.DataCase.INT_DATA, row);
          out.addAll(cell.getIntData().getDataList());
        }
      }
      case INT64 -> {
        if (cell.getDataCase() == ScalarField.DataCase.INT_DATA) {
          for (int x : cell.getIntData().getDataList()) {
            out.add((long) x);
          }
        } else {
          checkElement(field, cell, ScalarField.DataCase.LONG_DATA, row);
          out.addAll(cell.getLongData().getDataList());
        }
      }
      case FLOAT -> {
        if (cell.getDataCase() == ScalarField.DataCase.DOUBLE_DATA) {
          for (double x : cell.getDoubleData().getDataList()) {
            out.add((float) x);
          }
        } else {
          checkElement(field, cell, ScalarField.DataCase.FLOAT_DATA, row);
          out.addAll(cell.getFloatData().getDataList());
        }
      }
      case DOUBLE -> {
        if (cell.getDataCase() == ScalarField.DataCase.FLOAT_DATA) {
          for (float x : cell.getFloatData().getDataList()) {
            out.add((double) x);
          }
        } else {
          checkElement(field, cell, ScalarField.DataCase.DOUBLE_DATA, row);
          out.addAll(cell.getDoubleData().getDataList());
        }
      }
      case VARCHAR -> {
        checkElement(field, cell, ScalarField.DataCase.STRING_DATA, row);
        out.addAll(cell.getStringData().getDataList());
      }
      default -> throw QuiverException.invalid("field %s: element type %s is not supported", field.name(), et.milvusName());
    }
    return out;
  }

  private static void checkElement(FieldSchema field, ScalarField cell, ScalarField.DataCase expected, int row) {
    if (cell.getDataCase() != expected && cell.getDataCase() != ScalarField.DataCase.DATA_NOT_SET) {
      throw QuiverException.invalid("field %s: array in row %d holds %s values, but the element type is %s", field.name(), row,
          cell.getDataCase(), field.elementType().milvusName());
    }
  }

  private static void expect(FieldSchema field, ScalarField s, ScalarField.DataCase expected) {
    if (s.getDataCase() != expected) {
      throw QuiverException.invalid("field %s has type %s, but the request sends %s values", field.name(),
          field.type().milvusName(), s.getDataCase());
    }
  }

  private static int countValid(boolean[] valid) {
    int n = 0;
    for (boolean v : valid) {
      if (v) {
        n++;
      }
    }
    return n;
  }

  @FunctionalInterface
  private interface RowCopier {
    void copy(int row, int source);
  }

  /** Calls {@code copier} for each valid row with the index of its value in the sent array. */
  private static void fill(int rows, boolean[] valid, boolean compact, RowCopier copier) {
    int src = 0;
    for (int row = 0; row < rows; row++) {
      boolean isValid = valid == null || valid[row];
      if (isValid) {
        copier.copy(row, compact ? src : row);
      }
      if (isValid || !compact) {
        src++;
      }
    }
  }
}
