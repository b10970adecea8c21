package io.quiver.operator.dataplane;

/**
 * A field of a collection schema, in data-plane terms. Both what the operator declares and what the
 * data plane reports use this shape, so the two compare with {@code equals} field by field.
 *
 * @param name field name
 * @param description description, never null
 * @param dataType Milvus data type name (Int64, VarChar, FloatVector, ...)
 * @param primaryKey whether it is the primary key
 * @param autoId whether the data plane assigns primary keys
 * @param nullable whether it may hold null
 * @param partitionKey whether rows are partitioned by it
 * @param dim dimensions of a vector field, else null
 * @param maxLength largest length of a VarChar field or of VarChar array elements, else null
 * @param maxCapacity largest element count of an Array field, else null
 * @param elementType element type name of an Array field, else null
 * @param defaultValue the default value in {@link DefaultValues} normal form, or null
 */
public record FieldDefinition(String name, String description, String dataType, boolean primaryKey, boolean autoId,
    boolean nullable, boolean partitionKey, Integer dim, Integer maxLength, Integer maxCapacity, String elementType,
    String defaultValue) {

  /** Whether the field holds vectors (dense, binary or sparse). */
  public boolean isVector() {
    return dataType.endsWith("Vector");
  }
}
