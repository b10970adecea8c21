package io.quiver.crd.v1alpha1.vectorcluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.quiver.crd.common.StorageSpec;
import java.util.Objects;

/**
 * An etcd cluster run by the operator next to the data plane.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ManagedEtcdSpec {

  @JsonPropertyDescription("Number of etcd members: 1 (no fault tolerance) or 3.")
  @Default("1")
  @ValidationRule(value = "self == 1 || self == 3", message = "members must be 1 or 3")
  private Integer members;

  @JsonPropertyDescription("etcd container image.")
  @Default("quay.io/coreos/etcd:v3.5.21")
  @Size(min = 1, max = 512)
  private String image;

  @JsonPropertyDescription("Volume for each member's data directory.")
  private StorageSpec storage;

  @JsonPropertyDescription("CPU and memory of each member.")
  private ResourceRequirements resources;

  public Integer getMembers() {
    return members;
  }

  public void setMembers(Integer members) {
    this.members = members;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ManagedEtcdSpec that)) {
      return false;
    }
    return Objects.equals(members, that.members)
        && Objects.equals(image, that.image)
        && Objects.equals(storage, that.storage)
        && Objects.equals(resources, that.resources);
  }

  @Override
  public int hashCode() {
    return Objects.hash(members, image, storage, resources);
  }

  @Override
  public String toString() {
    return "ManagedEtcdSpec{"
        + "members=" + members
        + ", image=" + image
        + ", storage=" + storage
        + ", resources=" + resources
        + "}";
  }
}
