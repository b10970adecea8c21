package io.quiver.operator.dataplane;

import java.util.Map;

/**
 * A field of a collection schema, in data-plane terms.
 *
 * @param name field name
 * @param dataType Milvus data type name (Int64, VarChar, FloatVector, ...)
 * @param primaryKey whether it is the primary key
 * @param autoId whether the data plane assigns primary keys
 * @param nullable whether it may hold null
 * @param partitionKey whether rows are partitioned by it
 * @param typeParams type parameters: {@code dim}, {@code max_length}, {@code max_capacity}, {@code element_type}
 * @param defaultValue JSON text of the default value, or null
 * @param description description, or empty
 */
public record FieldDefinition(String name, String dataType, boolean primaryKey, boolean autoId, boolean nullable,
    boolean partitionKey, Map<String, String> typeParams, String defaultValue, String description) {}
