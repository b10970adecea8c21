package io.quiver.crd.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Objects;

/**
 * A persistent volume claimed for each pod.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec {

  @JsonPropertyDescription("Requested capacity, e.g. 20Gi.")
  @Default("10Gi")
  private Quantity size;

  @JsonPropertyDescription("Storage class; the cluster default when omitted.")
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  private String storageClassName;

  public Quantity getSize() {
    return size;
  }

  public void setSize(Quantity size) {
    this.size = size;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof StorageSpec that)) {
      return false;
    }
    return Objects.equals(size, that.size)
        && Objects.equals(storageClassName, that.storageClassName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(size, storageClassName);
  }

  @Override
  public String toString() {
    return "StorageSpec{"
        + "size=" + size
        + ", storageClassName=" + storageClassName
        + "}";
  }
}
