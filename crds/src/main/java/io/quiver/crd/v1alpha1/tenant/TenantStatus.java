package io.quiver.crd.v1alpha1.tenant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.quiver.crd.common.Condition;
import io.quiver.crd.common.HasConditions;
import java.util.List;
import java.util.Objects;

/**
 * The observed state of a Tenant.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TenantStatus implements HasConditions {

  @JsonPropertyDescription("The tenant's namespace.")
  private String namespace;

  @JsonPropertyDescription("Milvus endpoint serving the tenant.")
  private String endpoint;

  @JsonPropertyDescription("Usage, as the data plane reports it.")
  private TenantUsage usage;

  @JsonPropertyDescription("The metadata.generation the status was computed from.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready, Progressing and Degraded.")
  private List<Condition> conditions;

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public TenantUsage getUsage() {
    return usage;
  }

  public void setUsage(TenantUsage usage) {
    this.usage = usage;
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
    if (!(o instanceof TenantStatus that)) {
      return false;
    }
    return Objects.equals(namespace, that.namespace)
        && Objects.equals(endpoint, that.endpoint)
        && Objects.equals(usage, that.usage)
        && Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(conditions, that.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(namespace, endpoint, usage, observedGeneration, conditions);
  }

  @Override
  public String toString() {
    return "TenantStatus{"
        + "namespace=" + namespace
        + ", endpoint=" + endpoint
        + ", usage=" + usage
        + ", observedGeneration=" + observedGeneration
        + ", conditions=" + conditions
        + "}";
  }
}
