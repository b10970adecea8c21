package io.quiver.crd.v1alpha1.collection;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Map;
import java.util.Objects;

/**
 * An index on one field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IndexSpec {

  @JsonPropertyDescription("Field the index is built on.")
  @Required
  @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
  @Size(max = 255)
  private String fieldName;

  @JsonPropertyDescription("Index name; defaults to the field name.")
  @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
  @Size(max = 255)
  private String indexName;

  @JsonPropertyDescription("Index type.")
  @Required
  private IndexType indexType;

  @JsonPropertyDescription("Metric of a vector index.")
  private MetricType metricType;

  @JsonPropertyDescription("Build parameters, e.g. M and efConstruction for HNSW, nlist for IVF.")
  private Map<String, String> params;

  public String getFieldName() {
    return fieldName;
  }

  public void setFieldName(String fieldName) {
    this.fieldName = fieldName;
  }

  public String getIndexName() {
    return indexName;
  }

  public void setIndexName(String indexName) {
    this.indexName = indexName;
  }

  public IndexType getIndexType() {
    return indexType;
  }

  public void setIndexType(IndexType indexType) {
    this.indexType = indexType;
  }

  public MetricType getMetricType() {
    return metricType;
  }

  public void setMetricType(MetricType metricType) {
    this.metricType = metricType;
  }

  public Map<String, String> getParams() {
    return params;
  }

  public void setParams(Map<String, String> params) {
    this.params = params;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof IndexSpec that)) {
      return false;
    }
    return Objects.equals(fieldName, that.fieldName)
        && Objects.equals(indexName, that.indexName)
        && Objects.equals(indexType, that.indexType)
        && Objects.equals(metricType, that.metricType)
        && Objects.equals(params, that.params);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fieldName, indexName, indexType, metricType, params);
  }

  @Override
  public String toString() {
    return "IndexSpec{"
        + "fieldName=" + fieldName
        + ", indexName=" + indexName
        + ", indexType=" + indexType
        + ", metricType=" + metricType
        + ", params=" + params
        + "}";
  }
}
