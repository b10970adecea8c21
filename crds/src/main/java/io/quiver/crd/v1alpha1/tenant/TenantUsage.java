package io.quiver.crd.v1alpha1.tenant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * What a tenant uses.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TenantUsage {

  @JsonPropertyDescription("Collections.")
  private Integer collections;

  @JsonPropertyDescription("Rows.")
  private Long rows;

  @JsonPropertyDescription("Stored bytes.")
  private Long storageBytes;

  public Integer getCollections() {
    return collections;
  }

  public void setCollections(Integer collections) {
    this.collections = collections;
  }

  public Long getRows() {
    return rows;
  }

  public void setRows(Long rows) {
    this.rows = rows;
  }

  public Long getStorageBytes() {
    return storageBytes;
  }

  public void setStorageBytes(Long storageBytes) {
    this.storageBytes = storageBytes;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof TenantUsage that)) {
      return false;
    }
    return Objects.equals(collections, that.collections)
        && Objects.equals(rows, that.rows)
        && Objects.equals(storageBytes, that.storageBytes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(collections, rows, storageBytes);
  }

  @Override
  public String toString() {
    return "TenantUsage{"
        + "collections=" + collections
        + ", rows=" + rows
        + ", storageBytes=" + storageBytes
        + "}";
  }
}
