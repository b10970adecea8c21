package io.quiver.crd.v1alpha1.collection;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/**
 * Where one in-memory replica lives.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReplicaStatus {

  @JsonPropertyDescription("Replica id.")
  private Long replicaId;

  @JsonPropertyDescription("Data-plane resource group.")
  private String resourceGroup;

  @JsonPropertyDescription("Nodes serving the replica.")
  private List<String> nodes;

  public Long getReplicaId() {
    return replicaId;
  }

  public void setReplicaId(Long replicaId) {
    this.replicaId = replicaId;
  }

  public String getResourceGroup() {
    return resourceGroup;
  }

  public void setResourceGroup(String resourceGroup) {
    this.resourceGroup = resourceGroup;
  }

  public List<String> getNodes() {
    return nodes;
  }

  public void setNodes(List<String> nodes) {
    this.nodes = nodes;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ReplicaStatus that)) {
      return false;
    }
    return Objects.equals(replicaId, that.replicaId)
        && Objects.equals(resourceGroup, that.resourceGroup)
        && Objects.equals(nodes, that.nodes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(replicaId, resourceGroup, nodes);
  }

  @Override
  public String toString() {
    return "ReplicaStatus{"
        + "replicaId=" + replicaId
        + ", resourceGroup=" + resourceGroup
        + ", nodes=" + nodes
        + "}";
  }
}
