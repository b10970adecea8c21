package io.quiver.engine.schema;

import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema of a collection: its fields in creation order, and whether it has a dynamic
 * field. Immutable; schema changes (add field) produce a new instance.
 */
public final class CollectionSchema {

  private final String description;
  private final List<FieldSchema> fields;
  private final boolean enableDynamicField;
  private final Map<String, FieldSchema> byName;
  private final FieldSchema primaryField;
  private final FieldSchema dynamicField;

  /**
   * @param fields every field including the dynamic one (if enabled), in creation order; ids
   *     must be assigned and unique
   */
  public CollectionSchema(String description, List<FieldSchema> fields, boolean enableDynamicField) {
    this.description = description == null ? "" : description;
    this.fields = List.copyOf(fields);
    this.enableDynamicField = enableDynamicField;
    Map<String, FieldSchema> names = new LinkedHashMap<>();
    FieldSchema pk = null;
    FieldSchema dyn = null;
    for (FieldSchema f : this.fields) {
      if (names.put(f.name(), f) != null) {
        throw QuiverException.invalid("duplicate field name: %s", f.name());
      }
      if (f.primaryKey()) {
        pk = f;
      }
      if (f.dynamic()) {
        dyn = f;
      }
    }
    if (pk == null) {
      throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "schema has no primary key field");
    }
    if (enableDynamicField && dyn == null) {
      throw new IllegalArgumentException("dynamic field enabled but not present in fields");
    }
    this.byName = Collections.unmodifiableMap(names);
    this.primaryField = pk;
    this.dynamicField = dyn;
  }

  public String description() {
    return description;
  }

  /** Every field, the dynamic one included, in creation order. */
  public List<FieldSchema> fields() {
    return fields;
  }

  /** The fields a client sees in DescribeCollection: all but the dynamic field. */
  public List<FieldSchema> userFields() {
    List<FieldSchema> out = new ArrayList<>(fields.size());
    for (FieldSchema f : fields) {
      if (!f.dynamic()) {
        out.add(f);
      }
    }
    return out;
  }

  public boolean enableDynamicField() {
    return enableDynamicField;
  }

  /** The dynamic {@code $meta} field, or {@code null} when the dynamic field is disabled. */
  public FieldSchema dynamicField() {
    return dynamicField;
  }

  public FieldSchema primaryField() {
    return primaryField;
  }

  /** The field named {@code name}, or {@code null}. */
  public FieldSchema field(String name) {
    return byName.get(name);
  }

  public FieldSchema fieldById(long id) {
    for (FieldSchema f : fields) {
      if (f.id() == id) {
        return f;
      }
    }
    return null;
  }

  public List<FieldSchema> vectorFields() {
    List<FieldSchema> out = new ArrayList<>();
    for (FieldSchema f : fields) {
      if (f.type().isVector()) {
        out.add(f);
      }
    }
    return out;
  }

  /** The partition-key field, or {@code null}. */
  public FieldSchema partitionKeyField() {
    for (FieldSchema f : fields) {
      if (f.partitionKey()) {
        return f;
      }
    }
    return null;
  }

  public long maxFieldId() {
    long max = 0;
    for (FieldSchema f : fields) {
      max = Math.max(max, f.id());
    }
    return max;
  }

  /** A schema with {@code field} appended. */
  public CollectionSchema withField(FieldSchema field) {
    List<FieldSchema> next = new ArrayList<>(fields);
    next.add(field);
    return new CollectionSchema(description, next, enableDynamicField);
  }

  @Override
  public String toString() {
    return "CollectionSchema" + byName.keySet();
  }
}
