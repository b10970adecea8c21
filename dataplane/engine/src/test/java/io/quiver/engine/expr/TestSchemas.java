package io.quiver.engine.expr;

import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Schemas for the filter tests. */
final class TestSchemas {

  private TestSchemas() {}

  static FieldSchema field(long id, String name, DataType type) {
    return field(id, name, type, DataType.NONE, false);
  }

  static FieldSchema field(long id, String name, DataType type, DataType elementType, boolean nullable) {
    return new FieldSchema(id, name, "", type, elementType, false, false, nullable, null, false, false, false,
        type == DataType.FLOAT_VECTOR ? 4 : 0, type == DataType.VARCHAR ? 256 : 0, type == DataType.ARRAY ? 16 : 0,
        Map.of());
  }

  static FieldSchema primaryKey(long id, String name, DataType type) {
    return new FieldSchema(id, name, "", type, DataType.NONE, true, false, false, null, false, false, false, 0,
        type == DataType.VARCHAR ? 64 : 0, 0, Map.of());
  }

  /**
   * id (Int64 pk), b, i8, i16, i32, i64, f, d, s, j (JSON), ai (Array Int64), as (Array VarChar),
   * af (Array Float), nullable nb, ni, nf, nd, ns, nj, na (Array Int64), a vector, and $meta.
   */
  static CollectionSchema all(boolean dynamic) {
    List<FieldSchema> fields = new ArrayList<>();
    fields.add(primaryKey(100, "id", DataType.INT64));
    fields.add(field(101, "b", DataType.BOOL));
    fields.add(field(102, "i8", DataType.INT8));
    fields.add(field(103, "i16", DataType.INT16));
    fields.add(field(104, "i32", DataType.INT32));
    fields.add(field(105, "i64", DataType.INT64));
    fields.add(field(106, "f", DataType.FLOAT));
    fields.add(field(107, "d", DataType.DOUBLE));
    fields.add(field(108, "s", DataType.VARCHAR));
    fields.add(field(109, "j", DataType.JSON));
    fields.add(field(110, "ai", DataType.ARRAY, DataType.INT64, false));
    fields.add(field(111, "as", DataType.ARRAY, DataType.VARCHAR, false));
    fields.add(field(112, "af", DataType.ARRAY, DataType.FLOAT, false));
    fields.add(field(113, "nb", DataType.BOOL, DataType.NONE, true));
    fields.add(field(114, "ni", DataType.INT64, DataType.NONE, true));
    fields.add(field(115, "nf", DataType.FLOAT, DataType.NONE, true));
    fields.add(field(116, "nd", DataType.DOUBLE, DataType.NONE, true));
    fields.add(field(117, "ns", DataType.VARCHAR, DataType.NONE, true));
    fields.add(field(118, "nj", DataType.JSON, DataType.NONE, true));
    fields.add(field(119, "na", DataType.ARRAY, DataType.INT64, true));
    fields.add(field(120, "vec", DataType.FLOAT_VECTOR));
    if (dynamic) {
      fields.add(FieldSchema.dynamicField(121));
    }
    return new CollectionSchema("filter tests", fields, dynamic);
  }

  /** A schema with a VarChar primary key {@code pk} and an Int64 {@code n}. */
  static CollectionSchema varcharKey() {
    return new CollectionSchema("varchar key", List.of(
        primaryKey(100, "pk", DataType.VARCHAR),
        field(101, "n", DataType.INT64),
        field(102, "v", DataType.FLOAT_VECTOR)), false);
  }
}
