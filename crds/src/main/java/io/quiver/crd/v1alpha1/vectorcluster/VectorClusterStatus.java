package io.quiver.crd.v1alpha1.vectorcluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.quiver.crd.common.Condition;
import io.quiver.crd.common.HasConditions;
import java.util.List;
import java.util.Objects;

/**
 * The observed state of a VectorCluster.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VectorClusterStatus implements HasConditions {

  @JsonPropertyDescription("host:port of the Milvus endpoint inside the Kubernetes cluster.")
  private String endpoint;

  @JsonPropertyDescription("Version the ready nodes run.")
  private String version;

  @JsonPropertyDescription("Nodes of the default group asked for.")
  private Integer replicas;

  @JsonPropertyDescription("Nodes of the default group ready to serve.")
  private Integer readyNodes;

  @JsonPropertyDescription("The metadata.generation the status was computed from.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready, Progressing and Degraded.")
  private List<Condition> conditions;

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getReadyNodes() {
    return readyNodes;
  }

  public void setReadyNodes(Integer readyNodes) {
    this.readyNodes = readyNodes;
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
    if (!(o instanceof VectorClusterStatus that)) {
      return false;
    }
    return Objects.equals(endpoint, that.endpoint)
        && Objects.equals(version, that.version)
        && Objects.equals(replicas, that.replicas)
        && Objects.equals(readyNodes, that.readyNodes)
        && Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(conditions, that.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(endpoint, version, replicas, readyNodes, observedGeneration, conditions);
  }

  @Override
  public String toString() {
    return "VectorClusterStatus{"
        + "endpoint=" + endpoint
        + ", version=" + version
        + ", replicas=" + replicas
        + ", readyNodes=" + readyNodes
        + ", observedGeneration=" + observedGeneration
        + ", conditions=" + conditions
        + "}";
  }
}
