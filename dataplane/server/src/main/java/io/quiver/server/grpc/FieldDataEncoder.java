package io.quiver.server.grpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.milvus.grpc.ArrayArray;
import io.milvus.grpc.BoolArray;
import io.milvus.grpc.DoubleArray;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FloatArray;
import io.milvus.grpc.IntArray;
import io.milvus.grpc.JSONArray;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.StringArray;
import io.milvus.grpc.VectorField;
import io.quiver.engine.query.Hit;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.segment.ColumnReader;
import io.quiver.server.runtime.OutputFields;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the output columns of search and query results: one {@link FieldData} per output field,
 * dense (a placeholder where {@code valid_data} is false), rows aligned with the hits.
 */
public final class FieldDataEncoder {

  private static final ByteString EMPTY_OBJECT = ByteString.copyFromUtf8("{}");

  private FieldDataEncoder() {}

  public static List<FieldData> encode(OutputFields outputs, List<Hit> rows) {
    List<FieldData> out = new ArrayList<>(outputs.fields().size());
    for (FieldSchema f : outputs.fields()) {
      out.add(column(f, rows, outputs.partialDynamic() ? outputs.dynamicKeys() : null));
    }
    return out;
  }

  /** The values of {@code f} for every hit, as one column. */
  public static FieldData column(FieldSchema f, List<Hit> rows, List<String> dynamicKeys) {
    FieldData.Builder b = FieldData.newBuilder()
        .setFieldName(f.name())
        .setFieldId(f.id())
        .setTypeValue(f.type().code());
    if (f.dynamic()) {
      b.setIsDynamic(true);
    }
    int n = rows.size();
    boolean nullable = f.nullable();
    boolean[] valid = nullable ? new boolean[n] : null;
    switch (f.type()) {
      case BOOL -> {
        BoolArray.Builder a = BoolArray.newBuilder();
        for (int i = 0; i < n; i++) {
          ColumnReader c = col(rows.get(i), f);
          boolean isNull = c.isNull(rows.get(i).row());
          mark(valid, i, isNull);
          a.addData(!isNull && c.getBool(rows.get(i).row()));
        }
        b.setScalars(ScalarField.newBuilder().setBoolData(a));
      }
      case INT8, INT16, INT32 -> {
        IntArray.Builder a = IntArray.newBuilder();
        for (int i = 0; i < n; i++) {
          ColumnReader c = col(rows.get(i), f);
          boolean isNull = c.isNull(rows.get(i).row());
          mark(valid, i, isNull);
          a.addData(isNull ? 0 : (int) c.getLong(rows.get(i).row()));
        }
        b.setScalars(ScalarField.newBuilder().setIntData(a));
      }
      case INT64 -> {
        LongArray.Builder a = LongArray.newBuilder();
        for (int i = 0; i < n; i++) {
          ColumnReader c = col(rows.get(i), f);
          boolean isNull = c.isNull(rows.get(i).row());
          mark(valid, i, isNull);
          a.addData(isNull ? 0L : c.getLong(rows.get(i).row()));
        }
        b.setScalars(ScalarField.newBuilder().setLongData(a));
      }
      case FLOAT -> {
        FloatArray.Builder a = FloatArray.newBuilder();
        for (int i = 0; i < n; i++) {
          ColumnReader c = col(rows.get(i), f);
          boolean isNull = c.isNull(rows.get(i).row());
          mark(valid, i, isNull);
          a.addData(isNull ? 0f : (float) c.getDouble(rows.get(i).row()));
        }
        b.setScalars(ScalarField.newBuilder().setFloatData(a));
      }
      case DOUBLE -> {
        DoubleArray.Builder a = DoubleArray.newBuilder();
        for (int i = 0; i < n; i++) {
          ColumnReader c = col(rows.get(i), f);
          boolean isNull = c.isNull(rows.get(i).row());
          mark(valid, i, isNull);
          a.addData(isNull ? 0d : c.getDouble(rows.get(i).row()));
        }
        b.setScalars(ScalarField.newBuilder().setDoubleData(a));
      }
      case VARCHAR -> {
        StringArray.Builder a = StringArray.newBuilder();
        for (int i = 0; i < n; i++) {
          ColumnReader c = col(rows.get(i), f);
          boolean isNull = c.isNull(rows.get(i).row());
          mark(valid, i, isNull);
          a.addData(isNull ? "" : c.getString(rows.get(i).row()));
        }
        b.setScalars(ScalarField.newBuilder().setStringData(a));
      }
      case JSON -> {
        JSONArray.Builder a = JSONArray.newBuilder();
        for (int i = 0; i < n; i++) {
          ColumnReader c = col(rows.get(i), f);
          int row = rows.get(i).row();
          boolean isNull = c.isNull(row) || c.getJson(row) == null;
          mark(valid, i, isNull);
          if (isNull) {
            a.addData(f.dynamic() ? EMPTY_OBJECT : ByteString.EMPTY);
          } else {
            JsonNode value = c.getJson(row);
            if (f.dynamic() && dynamicKeys != null) {
              ObjectNode subset = SchemaCodec.JSON.createObjectNode();
              for (String k : dynamicKeys) {
                if (value.has(k)) {
                  subset.set(k, value.get(k));
                }
              }
              value = subset;
            }
            a.addData(json(value));
          }
        }
        b.setScalars(ScalarField.newBuilder().setJsonData(a));
      }
      case ARRAY -> {
        ArrayArray.Builder a = ArrayArray.newBuilder().setElementTypeValue(f.elementType().code());
        for (int i = 0; i < n; i++) {
          ColumnReader c = col(rows.get(i), f);
          int row = rows.get(i).row();
          boolean isNull = c.isNull(row) || c.getArray(row) == null;
          mark(valid, i, isNull);
          a.addData(isNull ? ScalarField.getDefaultInstance() : arrayCell(f.elementType(), c.getArray(row)));
        }
        b.setScalars(ScalarField.newBuilder().setArrayData(a));
      }
      case FLOAT_VECTOR -> {
        int dim = f.dim();
        FloatArray.Builder a = FloatArray.newBuilder();
        float[] buf = new float[dim];
        for (Hit h : rows) {
          col(h, f).getFloatVector(h.row(), buf, 0);
          for (float x : buf) {
            a.addData(x);
          }
        }
        b.setVectors(VectorField.newBuilder().setDim(dim).setFloatVector(a));
      }
      default -> throw new IllegalStateException("cannot encode field type " + f.type());
    }
    if (valid != null) {
      for (boolean v : valid) {
        b.addValidData(v);
      }
    }
    return b.build();
  }

  private static ColumnReader col(Hit h, FieldSchema f) {
    return h.segment().column(f.id());
  }

  private static void mark(boolean[] valid, int i, boolean isNull) {
    if (valid != null) {
      valid[i] = !isNull;
    }
  }

  static ScalarField arrayCell(DataType elementType, List<Object> values) {
    ScalarField.Builder s = ScalarField.newBuilder();
    switch (elementType) {
      case BOOL -> {
        BoolArray.Builder a = BoolArray.newBuilder();
        values.forEach(v -> a.addData((Boolean) v));
        s.setBoolData(a);
      }
      case INT8, INT16, INT32 -> {
        IntArray.Builder a = IntArray.newBuilder();
        values.forEach(v -> a.addData(((Number) v).intValue()));
        s.setIntData(a);
      }
      case INT64 -> {
        LongArray.Builder a = LongArray.newBuilder();
        values.forEach(v -> a.addData(((Number) v).longValue()));
        s.setLongData(a);
      }
      case FLOAT -> {
        FloatArray.Builder a = FloatArray.newBuilder();
        values.forEach(v -> a.addData(((Number) v).floatValue()));
        s.setFloatData(a);
      }
      case DOUBLE -> {
        DoubleArray.Builder a = DoubleArray.newBuilder();
        values.forEach(v -> a.addData(((Number) v).doubleValue()));
        s.setDoubleData(a);
      }
      case VARCHAR -> {
        StringArray.Builder a = StringArray.newBuilder();
        values.forEach(v -> a.addData((String) v));
        s.setStringData(a);
      }
      default -> throw new IllegalStateException("cannot encode array element type " + elementType);
    }
    return s.build();
  }

  private static ByteString json(JsonNode value) {
    try {
      return ByteString.copyFrom(SchemaCodec.JSON.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON value could not be written", e);
    }
  }
}
