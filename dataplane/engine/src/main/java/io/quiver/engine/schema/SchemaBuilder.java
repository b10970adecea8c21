package io.quiver.engine.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates a client's collection schema and assigns field ids, producing a {@link
 * CollectionSchema}. Every rejection names the field and the rule.
 */
public final class SchemaBuilder {

  /** First id given to user fields (Milvus reserves 0 and 1 for RowID and Timestamp). */
  public static final long FIRST_FIELD_ID = 100;
  public static final int MAX_DIM = 32768;
  public static final int MAX_VARCHAR_LENGTH = 65535;
  public static final int MAX_ARRAY_CAPACITY = 4096;
  public static final int MAX_FIELDS = 64;
  public static final int MAX_VECTOR_FIELDS = 4;

  private SchemaBuilder() {}

  /**
   * Builds the schema of a new collection from client fields (ids ignored).
   *
   * @throws QuiverException INVALID_ARGUMENT naming the offending field
   */
  public static CollectionSchema build(String description, List<FieldSchema> userFields, boolean enableDynamicField) {
    if (userFields.isEmpty()) {
      throw QuiverException.invalid("schema has no fields");
    }
    if (userFields.size() > MAX_FIELDS) {
      throw QuiverException.invalid("schema has %d fields; at most %d are allowed", userFields.size(), MAX_FIELDS);
    }
    List<FieldSchema> fields = new ArrayList<>();
    Set<String> names = new HashSet<>();
    long nextId = FIRST_FIELD_ID;
    int primaryKeys = 0;
    int vectors = 0;
    int partitionKeys = 0;
    int clusteringKeys = 0;
    for (FieldSchema f : userFields) {
      FieldSchema checked = checkField(f);
      if (!names.add(checked.name())) {
        throw QuiverException.invalid("duplicated field name: %s", checked.name());
      }
      if (checked.primaryKey()) {
        primaryKeys++;
      }
      if (checked.type().isVector()) {
        vectors++;
      }
      if (checked.partitionKey()) {
        partitionKeys++;
      }
      if (checked.clusteringKey()) {
        clusteringKeys++;
      }
      fields.add(checked.withId(nextId++));
    }
    if (primaryKeys == 0) {
      throw QuiverException.invalid("schema has no primary key field: mark one Int64 or VarChar field as primary key");
    }
    if (primaryKeys > 1) {
      throw QuiverException.invalid("schema has %d primary key fields; exactly one is allowed", primaryKeys);
    }
    if (vectors == 0) {
      throw QuiverException.invalid("schema has no vector field: add a FloatVector field");
    }
    if (vectors > MAX_VECTOR_FIELDS) {
      throw QuiverException.invalid("schema has %d vector fields; at most %d are allowed", vectors, MAX_VECTOR_FIELDS);
    }
    if (partitionKeys > 1) {
      throw QuiverException.invalid("schema has %d partition key fields; at most one is allowed", partitionKeys);
    }
    if (clusteringKeys > 1) {
      throw QuiverException.invalid("schema has %d clustering key fields; at most one is allowed", clusteringKeys);
    }
    if (enableDynamicField) {
      if (names.contains(FieldSchema.DYNAMIC_FIELD_NAME)) {
        throw QuiverException.invalid("field name %s is reserved for the dynamic field", FieldSchema.DYNAMIC_FIELD_NAME);
      }
      fields.add(FieldSchema.dynamicField(nextId));
    }
    return new CollectionSchema(description, fields, enableDynamicField);
  }

  /** Validates a field added to an existing collection (AddCollectionField): it must be nullable or have a default. */
  public static CollectionSchema addField(CollectionSchema schema, FieldSchema field) {
    FieldSchema checked = checkField(field);
    if (schema.field(checked.name()) != null) {
      throw QuiverException.invalid("field %s already exists in the collection", checked.name());
    }
    if (checked.primaryKey()) {
      throw QuiverException.invalid("cannot add primary key field %s to an existing collection", checked.name());
    }
    if (checked.type().isVector()) {
      throw QuiverException.invalid("cannot add vector field %s to an existing collection", checked.name());
    }
    if (checked.partitionKey() || checked.clusteringKey()) {
      throw QuiverException.invalid("cannot add partition or clustering key field %s to an existing collection",
          checked.name());
    }
    if (!checked.nullable()) {
      throw QuiverException.invalid("added field %s must be nullable", checked.name());
    }
    if (schema.userFields().size() >= MAX_FIELDS) {
      throw QuiverException.invalid("collection already has %d fields; at most %d are allowed", schema.userFields().size(), MAX_FIELDS);
    }
    return schema.withField(checked.withId(schema.maxFieldId() + 1));
  }

  private static FieldSchema checkField(FieldSchema f) {
    Names.check("field name", f.name());
    if (f.dynamic()) {
      throw QuiverException.invalid("field %s: is_dynamic cannot be set by the client; enable the dynamic field on the collection instead", f.name());
    }
    DataType type = f.type();
    switch (type) {
      case BOOL, INT8, INT16, INT32, INT64, FLOAT, DOUBLE, VARCHAR, JSON, ARRAY, FLOAT_VECTOR -> {}
      case NONE -> throw QuiverException.invalid("field %s: data type is missing", f.name());
      case STRING -> throw QuiverException.invalid("field %s: data type String is not supported, use VarChar", f.name());
      default -> throw new QuiverException(ErrorCode.UNSUPPORTED,
          "field " + f.name() + ": data type " + type.milvusName() + " is not supported yet");
    }
    int dim = 0;
    int maxLength = 0;
    int maxCapacity = 0;
    if (type == DataType.FLOAT_VECTOR) {
      dim = intParam(f, "dim", 1, MAX_DIM, true);
      if (f.nullable()) {
        throw QuiverException.invalid("vector field %s cannot be nullable", f.name());
      }
    }
    if (type == DataType.VARCHAR || (type == DataType.ARRAY && f.elementType() == DataType.VARCHAR)) {
      maxLength = intParam(f, "max_length", 1, MAX_VARCHAR_LENGTH, true);
    }
    if (type == DataType.ARRAY) {
      DataType element = f.elementType();
      switch (element) {
        case BOOL, INT8, INT16, INT32, INT64, FLOAT, DOUBLE, VARCHAR -> {}
        case NONE -> throw QuiverException.invalid("array field %s: element_type is missing", f.name());
        default -> throw QuiverException.invalid("array field %s: element type %s is not supported", f.name(),
            element.milvusName());
      }
      maxCapacity = intParam(f, "max_capacity", 1, MAX_ARRAY_CAPACITY, true);
    }
    if (f.primaryKey()) {
      if (type != DataType.INT64 && type != DataType.VARCHAR) {
        throw QuiverException.invalid("primary key field %s must be Int64 or VarChar, not %s", f.name(), type.milvusName());
      }
      if (f.nullable()) {
        throw QuiverException.invalid("primary key field %s cannot be nullable", f.name());
      }
      if (f.hasDefault()) {
        throw QuiverException.invalid("primary key field %s cannot have a default value", f.name());
      }
    } else if (f.autoId()) {
      throw QuiverException.invalid("field %s: autoID can only be set on the primary key", f.name());
    }
    if (f.partitionKey()) {
      if (f.primaryKey()) {
        throw QuiverException.invalid("field %s cannot be both primary key and partition key", f.name());
      }
      if (type != DataType.INT64 && type != DataType.VARCHAR) {
        throw QuiverException.invalid("partition key field %s must be Int64 or VarChar", f.name());
      }
      if (f.nullable()) {
        throw QuiverException.invalid("partition key field %s cannot be nullable", f.name());
      }
    }
    if (f.clusteringKey() && !(type.isScalarPrimitive() || type == DataType.VARCHAR || type == DataType.FLOAT_VECTOR)) {
      throw QuiverException.invalid("clustering key field %s must be a scalar or vector field", f.name());
    }
    if (f.hasDefault()) {
      checkDefault(f, maxLength);
    }
    return new FieldSchema(f.id(), f.name(), f.description(), type, type == DataType.ARRAY ? f.elementType() : DataType.NONE,
        f.primaryKey(), f.primaryKey() && f.autoId(), f.nullable(), f.defaultValue(), f.partitionKey(), f.clusteringKey(),
        false, dim, maxLength, maxCapacity, f.typeParams());
  }

  private static void checkDefault(FieldSchema f, int maxLength) {
    Object v = f.defaultValue();
    boolean ok = switch (f.type()) {
      case BOOL -> v instanceof Boolean;
      case INT8, INT16, INT32 -> v instanceof Integer i && i >= f.type().minValue() && i <= f.type().maxValue();
      case INT64 -> v instanceof Long;
      case FLOAT -> v instanceof Float x && Float.isFinite(x);
      case DOUBLE -> v instanceof Double x && Double.isFinite(x);
      case VARCHAR -> v instanceof String s && s.length() <= maxLength;
      case JSON -> v instanceof JsonNode;
      default -> false;
    };
    if (!ok) {
      throw QuiverException.invalid("field %s: default value %s is not a valid %s%s", f.name(), v, f.type().milvusName(),
          f.type() == DataType.VARCHAR ? " of at most " + maxLength + " characters" : "");
    }
  }

  private static int intParam(FieldSchema f, String key, int min, int max, boolean required) {
    String raw = f.typeParams().get(key);
    if (raw == null || raw.isBlank()) {
      if (required) {
        throw QuiverException.invalid("field %s: type param %s is required", f.name(), key);
      }
      return 0;
    }
    long value;
    try {
      value = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw QuiverException.invalid("field %s: type param %s must be an integer, got '%s'", f.name(), key, raw);
    }
    if (value < min || value > max) {
      throw QuiverException.invalid("field %s: type param %s must be in [%d, %d], got %d", f.name(), key, min, max, value);
    }
    return (int) value;
  }
}
