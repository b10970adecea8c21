package io.quiver.crd.v1alpha1.resourcegroup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.quiver.crd.common.LocalReference;
import io.quiver.crd.common.Placement;
import io.quiver.crd.common.StorageSpec;
import java.util.Objects;

/**
 * The desired state of a ResourceGroup: a pool of data-plane nodes of one cluster.
 *
 * <p>Collections name groups in {@code resourceGroups} to place their replicas on these nodes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.groupName) == has(oldSelf.groupName)", message = "groupName cannot be added or removed")
public class ResourceGroupSpec {

  @JsonPropertyDescription("The VectorCluster (same namespace) the nodes join.")
  @Required
  @ValidationRule(value = "self == oldSelf", message = "clusterRef is immutable")
  private LocalReference clusterRef;

  @JsonPropertyDescription("Name of the group in the data plane; defaults to metadata.name with - replaced by _.")
  @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
  @Size(max = 255)
  @ValidationRule(value = "self == oldSelf", message = "groupName is immutable")
  private String groupName;

  @JsonPropertyDescription("Number of nodes.")
  @Default("1")
  @Min(0)
  @Max(100)
  private Integer nodes;

  @JsonPropertyDescription("CPU and memory of each node.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("Scheduling of the nodes.")
  private Placement placement;

  @JsonPropertyDescription("Volume of each node; the cluster's storage when omitted.")
  private StorageSpec storage;

  public LocalReference getClusterRef() {
    return clusterRef;
  }

  public void setClusterRef(LocalReference clusterRef) {
    this.clusterRef = clusterRef;
  }

  public String getGroupName() {
    return groupName;
  }

  public void setGroupName(String groupName) {
    this.groupName = groupName;
  }

  public Integer getNodes() {
    return nodes;
  }

  public void setNodes(Integer nodes) {
    this.nodes = nodes;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public Placement getPlacement() {
    return placement;
  }

  public void setPlacement(Placement placement) {
    this.placement = placement;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ResourceGroupSpec that)) {
      return false;
    }
    return Objects.equals(clusterRef, that.clusterRef)
        && Objects.equals(groupName, that.groupName)
        && Objects.equals(nodes, that.nodes)
        && Objects.equals(resources, that.resources)
        && Objects.equals(placement, that.placement)
        && Objects.equals(storage, that.storage);
  }

  @Override
  public int hashCode() {
    return Objects.hash(clusterRef, groupName, nodes, resources, placement, storage);
  }

  @Override
  public String toString() {
    return "ResourceGroupSpec{"
        + "clusterRef=" + clusterRef
        + ", groupName=" + groupName
        + ", nodes=" + nodes
        + ", resources=" + resources
        + ", placement=" + placement
        + ", storage=" + storage
        + "}";
  }
}
