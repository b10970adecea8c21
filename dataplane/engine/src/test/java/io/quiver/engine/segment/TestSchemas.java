package io.quiver.engine.segment;

import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.schema.SchemaBuilder;
import java.util.List;
import java.util.Map;

/** Schemas and batches for engine tests. */
public final class TestSchemas {

  private TestSchemas() {}

  public static FieldSchema field(String name, DataType type, Map<String, String> params) {
    return new FieldSchema(0, name, "", type, DataType.NONE, false, false, false, null, false, false, false, 0, 0, 0, params);
  }

  /** id Int64 primary key, tag Int64, vec FloatVector(dim). */
  public static CollectionSchema simple(int dim) {
    FieldSchema id = new FieldSchema(0, "id", "", DataType.INT64, DataType.NONE, true, false, false, null, false, false, false,
        0, 0, 0, Map.of());
    return SchemaBuilder.build("", List.of(id, field("tag", DataType.INT64, Map.of()),
        field("vec", DataType.FLOAT_VECTOR, Map.of("dim", String.valueOf(dim)))), false);
  }

  /** A batch of rows with the given keys, tag = key % 10, and the given vectors (row-major). */
  public static WriteBatch batch(CollectionSchema schema, long partitionId, long ts, long[] keys, float[] vectors) {
    FieldSchema id = schema.field("id");
    FieldSchema tag = schema.field("tag");
    FieldSchema vec = schema.field("vec");
    long[] tags = new long[keys.length];
    for (int i = 0; i < keys.length; i++) {
      tags[i] = keys[i] % 10;
    }
    return new WriteBatch(0, partitionId, ts, List.of(), Map.of(
        id.id(), new ColumnData(id, keys.length, keys.clone(), null),
        tag.id(), new ColumnData(tag, keys.length, tags, null),
        vec.id(), new ColumnData(vec, keys.length, vectors.clone(), null)), keys.length);
  }
}
