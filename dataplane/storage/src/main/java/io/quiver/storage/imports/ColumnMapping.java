package io.quiver.storage.imports;

import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where each column of a columnar file (Parquet, Arrow) goes: a field by name, the {@code $meta}
 * object, or a key of the dynamic field. Decided once per file, when it is opened: a column that
 * is not a field, with the dynamic field disabled, rejects the file, and so does a column for an
 * autoID primary key unless {@link ImportOptions#allowAutoIdKeys()}.
 */
final class ColumnMapping {

  /** Kind of {@link #target}: a column for the {@code $meta} object. */
  static final int META = -1;
  /** Kind of {@link #target}: a column whose values become a dynamic key named like it. */
  static final int EXTRA = -2;

  final List<String> names;
  final int[] target;
  final BatchBuilder builder;

  ColumnMapping(String file, CollectionSchema schema, ImportOptions options, List<String> names) {
    this.names = List.copyOf(names);
    Set<String> seen = new HashSet<>();
    boolean autoIdKeyInFile = false;
    for (String name : names) {
      if (!seen.add(name)) {
        throw ImportException.atField(file, name, "the file has two columns of this name");
      }
      FieldSchema f = schema.field(name);
      if (f != null && f.primaryKey() && f.autoId()) {
        if (!options.allowAutoIdKeys()) {
          throw ImportException.atField(file, name,
              "the primary key is generated (autoID), so the file must not contain it");
        }
        autoIdKeyInFile = true;
      }
    }
    this.builder = new BatchBuilder(file, schema, options.batchSize(), autoIdKeyInFile);
    this.target = new int[names.size()];
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      FieldSchema f = schema.field(name);
      if (f != null && !f.dynamic()) {
        checkSupported(file, f);
        target[i] = builder.target(name);
      } else if (schema.enableDynamicField()) {
        target[i] = name.equals(FieldSchema.DYNAMIC_FIELD_NAME) ? META : EXTRA;
      } else {
        throw ImportException.atField(file, name,
            "the column is not a field of the collection, and the collection has no dynamic field");
      }
    }
  }

  static void checkSupported(String file, FieldSchema f) {
    switch (f.type()) {
      case BOOL, INT8, INT16, INT32, INT64, FLOAT, DOUBLE, VARCHAR, JSON, ARRAY, FLOAT_VECTOR -> {}
      default -> throw ImportException.atField(file, f.name(),
          "fields of type " + f.type().milvusName() + " cannot be imported");
    }
    if (f.type() == DataType.ARRAY && f.elementType() == DataType.NONE) {
      throw ImportException.atField(file, f.name(), "the array field has no element type");
    }
  }

  /** Puts {@code value} of column {@code column} into the builder's current row. */
  void put(int column, Object value) {
    int t = target[column];
    switch (t) {
      case META -> builder.putMeta(value);
      case EXTRA -> builder.putExtra(names.get(column), value);
      default -> builder.put(t, value);
    }
  }
}
