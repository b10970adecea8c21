package io.quiver.engine.schema;

import java.util.Map;

/**
 * One field of a collection. Immutable.
 *
 * @param id field id, unique in the collection, assigned by the engine (100 and up)
 * @param name field name
 * @param description free text
 * @param type data type
 * @param elementType element type of an {@link DataType#ARRAY}; {@link DataType#NONE} otherwise
 * @param primaryKey whether this is the primary key (exactly one field is)
 * @param autoId whether primary keys are generated (primary key only)
 * @param nullable whether the field accepts nulls
 * @param defaultValue value used for missing or null cells, in the engine's Java representation
 *     (see {@link Values}); {@code null} for none
 * @param partitionKey whether rows are routed to partitions by this field
 * @param clusteringKey whether clustering compaction sorts by this field
 * @param dynamic whether this is the hidden dynamic ({@code $meta}) JSON field
 * @param dim dimension of a vector field; 0 otherwise
 * @param maxLength maximum UTF-16 length of a VarChar field or of VarChar array elements; 0 otherwise
 * @param maxCapacity maximum element count of an Array field; 0 otherwise
 * @param typeParams every type parameter as the client sent it (dim, max_length, ...)
 */
public record FieldSchema(
    long id,
    String name,
    String description,
    DataType type,
    DataType elementType,
    boolean primaryKey,
    boolean autoId,
    boolean nullable,
    Object defaultValue,
    boolean partitionKey,
    boolean clusteringKey,
    boolean dynamic,
    int dim,
    int maxLength,
    int maxCapacity,
    Map<String, String> typeParams) {

  /** Name of the dynamic field, as Milvus names it. */
  public static final String DYNAMIC_FIELD_NAME = "$meta";

  public FieldSchema {
    typeParams = typeParams == null ? Map.of() : Map.copyOf(typeParams);
    elementType = elementType == null ? DataType.NONE : elementType;
    description = description == null ? "" : description;
  }

  /** The hidden JSON field that holds keys not in the schema. */
  public static FieldSchema dynamicField(long id) {
    return new FieldSchema(
        id, DYNAMIC_FIELD_NAME, "dynamic schema", DataType.JSON, DataType.NONE,
        false, false, false, null, false, false, true, 0, 0, 0, Map.of());
  }

  public boolean hasDefault() {
    return defaultValue != null;
  }

  public FieldSchema withId(long newId) {
    return new FieldSchema(newId, name, description, type, elementType, primaryKey, autoId, nullable,
        defaultValue, partitionKey, clusteringKey, dynamic, dim, maxLength, maxCapacity, typeParams);
  }
}
