package io.quiver.crd.v1alpha1.collection;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * Build progress of one index.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IndexStatus {

  @JsonPropertyDescription("Indexed field.")
  private String fieldName;

  @JsonPropertyDescription("Index name.")
  private String indexName;

  @JsonPropertyDescription("Rows indexed.")
  private Long indexedRows;

  @JsonPropertyDescription("Rows to index.")
  private Long totalRows;

  @JsonPropertyDescription("Finished, InProgress, Failed or None.")
  private String state;

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

  public Long getIndexedRows() {
    return indexedRows;
  }

  public void setIndexedRows(Long indexedRows) {
    this.indexedRows = indexedRows;
  }

  public Long getTotalRows() {
    return totalRows;
  }

  public void setTotalRows(Long totalRows) {
    this.totalRows = totalRows;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof IndexStatus that)) {
      return false;
    }
    return Objects.equals(fieldName, that.fieldName)
        && Objects.equals(indexName, that.indexName)
        && Objects.equals(indexedRows, that.indexedRows)
        && Objects.equals(totalRows, that.totalRows)
        && Objects.equals(state, that.state);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fieldName, indexName, indexedRows, totalRows, state);
  }

  @Override
  public String toString() {
    return "IndexStatus{"
        + "fieldName=" + fieldName
        + ", indexName=" + indexName
        + ", indexedRows=" + indexedRows
        + ", totalRows=" + totalRows
        + ", state=" + state
        + "}";
  }
}
