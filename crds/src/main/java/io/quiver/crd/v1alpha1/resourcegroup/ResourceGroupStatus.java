package io.quiver.crd.v1alpha1.resourcegroup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.quiver.crd.common.Condition;
import io.quiver.crd.common.HasConditions;
import java.util.List;
import java.util.Objects;

/**
 * The observed state of a ResourceGroup.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceGroupStatus implements HasConditions {

  @JsonPropertyDescription("Nodes asked for.")
  private Integer nodes;

  @JsonPropertyDescription("Nodes ready to serve.")
  private Integer readyNodes;

  @JsonPropertyDescription("Name of the group in the data plane.")
  private String groupName;

  @JsonPropertyDescription("The metadata.generation the status was computed from.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready, Progressing and Degraded.")
  private List<Condition> conditions;

  public Integer getNodes() {
    return nodes;
  }

  public void setNodes(Integer nodes) {
    this.nodes = nodes;
  }

  public Integer getReadyNodes() {
    return readyNodes;
  }

  public void setReadyNodes(Integer readyNodes) {
    this.readyNodes = readyNodes;
  }

  public String getGroupName() {
    return groupName;
  }

  public void setGroupName(String groupName) {
    this.groupName = groupName;
  }

  @Override
  public Long getObservedGeneration() {
    return observedGeneration;
  }

  @Override
  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  @Override
  public List<Condition> getConditions() {
    return conditions;
  }

  @Override
  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ResourceGroupStatus that)) {
      return false;
    }
    return Objects.equals(nodes, that.nodes)
        && Objects.equals(readyNodes, that.readyNodes)
        && Objects.equals(groupName, that.groupName)
        && Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(conditions, that.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(nodes, readyNodes, groupName, observedGeneration, conditions);
  }

  @Override
  public String toString() {
    return "ResourceGroupStatus{"
        + "nodes=" + nodes
        + ", readyNodes=" + readyNodes
        + ", groupName=" + groupName
        + ", observedGeneration=" + observedGeneration
        + ", conditions=" + conditions
        + "}";
  }
}
