package io.quiver.crd.v1alpha1.vectorcluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/**
 * Where the cluster keeps its metadata: existing etcd endpoints, or a managed etcd.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.endpoints) != has(self.managed)", message = "set exactly one of endpoints and managed")
public class EtcdSpec {

  @JsonPropertyDescription("Client URLs of an existing etcd cluster.")
  @Size(min = 1, max = 9)
  private List<String> endpoints;

  @JsonPropertyDescription("Run an etcd cluster for this VectorCluster.")
  private ManagedEtcdSpec managed;

  @JsonPropertyDescription("Key prefix of this cluster in etcd.")
  @Default("/quiver")
  @Pattern("^/[A-Za-z0-9/_.-]*$")
  private String prefix;

  public List<String> getEndpoints() {
    return endpoints;
  }

  public void setEndpoints(List<String> endpoints) {
    this.endpoints = endpoints;
  }

  public ManagedEtcdSpec getManaged() {
    return managed;
  }

  public void setManaged(ManagedEtcdSpec managed) {
    this.managed = managed;
  }

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof EtcdSpec that)) {
      return false;
    }
    return Objects.equals(endpoints, that.endpoints)
        && Objects.equals(managed, that.managed)
        && Objects.equals(prefix, that.prefix);
  }

  @Override
  public int hashCode() {
    return Objects.hash(endpoints, managed, prefix);
  }

  @Override
  public String toString() {
    return "EtcdSpec{"
        + "endpoints=" + endpoints
        + ", managed=" + managed
        + ", prefix=" + prefix
        + "}";
  }
}
