package io.quiver.crd.v1alpha1.collection;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * One field of a collection schema.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(self.dataType == 'FloatVector' || self.dataType == 'Float16Vector' || self.dataType == 'BFloat16Vector' || self.dataType == 'BinaryVector' || self.dataType == 'Int8Vector') || has(self.dim)", message = "a dense or binary vector field needs dim")
@ValidationRule(value = "self.dataType != 'VarChar' || has(self.maxLength)", message = "a VarChar field needs maxLength")
@ValidationRule(value = "self.dataType != 'Array' || (has(self.elementType) && has(self.maxCapacity))", message = "an Array field needs elementType and maxCapacity")
@ValidationRule(value = "!self.primaryKey || self.dataType == 'Int64' || self.dataType == 'VarChar'", message = "the primary key must be Int64 or VarChar")
@ValidationRule(value = "!self.primaryKey || !self.nullable", message = "the primary key cannot be nullable")
@ValidationRule(value = "!self.autoID || self.primaryKey", message = "autoID applies to the primary key only")
@ValidationRule(value = "!self.partitionKey || self.dataType == 'Int64' || self.dataType == 'VarChar'", message = "a partition key must be Int64 or VarChar")
public class FieldSpec {

  @JsonPropertyDescription("Field name.")
  @Required
  @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
  @Size(max = 255)
  private String name;

  @JsonPropertyDescription("Description.")
  @Size(max = 1024)
  private String description;

  @JsonPropertyDescription("Data type; cannot change once created.")
  @Required
  private DataType dataType;

  @JsonPropertyDescription("Whether this is the primary key (Int64 or VarChar; exactly one per collection).")
  @Default("false")
  private Boolean primaryKey;

  @JsonPropertyDescription("Whether the data plane assigns primary keys (primary key only).")
  @Default("false")
  private Boolean autoID;

  @JsonPropertyDescription("Dimensions of a dense or binary vector field.")
  @Min(1)
  @Max(32768)
  private Integer dim;

  @JsonPropertyDescription("Largest length in characters of a VarChar field or VarChar array elements.")
  @Min(1)
  @Max(65535)
  private Integer maxLength;

  @JsonPropertyDescription("Largest number of elements of an Array field.")
  @Min(1)
  @Max(4096)
  private Integer maxCapacity;

  @JsonPropertyDescription("Element type of an Array field.")
  private ElementType elementType;

  @JsonPropertyDescription("Whether the field may hold null.")
  @Default("false")
  private Boolean nullable;

  @JsonPropertyDescription("Value of the field in rows that omit it (scalar fields only).")
  @PreserveUnknownFields
  private JsonNode defaultValue;

  @JsonPropertyDescription("Whether rows are partitioned by this field (Int64 or VarChar; at most one).")
  @Default("false")
  private Boolean partitionKey;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public DataType getDataType() {
    return dataType;
  }

  public void setDataType(DataType dataType) {
    this.dataType = dataType;
  }

  public Boolean getPrimaryKey() {
    return primaryKey;
  }

  public void setPrimaryKey(Boolean primaryKey) {
    this.primaryKey = primaryKey;
  }

  public Boolean getAutoID() {
    return autoID;
  }

  public void setAutoID(Boolean autoID) {
    this.autoID = autoID;
  }

  public Integer getDim() {
    return dim;
  }

  public void setDim(Integer dim) {
    this.dim = dim;
  }

  public Integer getMaxLength() {
    return maxLength;
  }

  public void setMaxLength(Integer maxLength) {
    this.maxLength = maxLength;
  }

  public Integer getMaxCapacity() {
    return maxCapacity;
  }

  public void setMaxCapacity(Integer maxCapacity) {
    this.maxCapacity = maxCapacity;
  }

  public ElementType getElementType() {
    return elementType;
  }

  public void setElementType(ElementType elementType) {
    this.elementType = elementType;
  }

  public Boolean getNullable() {
    return nullable;
  }

  public void setNullable(Boolean nullable) {
    this.nullable = nullable;
  }

  public JsonNode getDefaultValue() {
    return defaultValue;
  }

  public void setDefaultValue(JsonNode defaultValue) {
    this.defaultValue = defaultValue;
  }

  public Boolean getPartitionKey() {
    return partitionKey;
  }

  public void setPartitionKey(Boolean partitionKey) {
    this.partitionKey = partitionKey;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FieldSpec that)) {
      return false;
    }
    return Objects.equals(name, that.name)
        && Objects.equals(description, that.description)
        && Objects.equals(dataType, that.dataType)
        && Objects.equals(primaryKey, that.primaryKey)
        && Objects.equals(autoID, that.autoID)
        && Objects.equals(dim, that.dim)
        && Objects.equals(maxLength, that.maxLength)
        && Objects.equals(maxCapacity, that.maxCapacity)
        && Objects.equals(elementType, that.elementType)
        && Objects.equals(nullable, that.nullable)
        && Objects.equals(defaultValue, that.defaultValue)
        && Objects.equals(partitionKey, that.partitionKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, description, dataType, primaryKey, autoID, dim, maxLength, maxCapacity, elementType, nullable, defaultValue, partitionKey);
  }

  @Override
  public String toString() {
    return "FieldSpec{"
        + "name=" + name
        + ", description=" + description
        + ", dataType=" + dataType
        + ", primaryKey=" + primaryKey
        + ", autoID=" + autoID
        + ", dim=" + dim
        + ", maxLength=" + maxLength
        + ", maxCapacity=" + maxCapacity
        + ", elementType=" + elementType
        + ", nullable=" + nullable
        + ", defaultValue=" + defaultValue
        + ", partitionKey=" + partitionKey
        + "}";
  }
}
