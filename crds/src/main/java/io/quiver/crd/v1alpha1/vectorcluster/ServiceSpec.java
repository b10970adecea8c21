package io.quiver.crd.v1alpha1.vectorcluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.Map;
import java.util.Objects;

/**
 * How the client Service is exposed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceSpec {

  @JsonPropertyDescription("Service type.")
  @Default("ClusterIP")
  private ServiceType type;

  @JsonPropertyDescription("Annotations added to the client Service (e.g. for a load balancer).")
  private Map<String, String> annotations;

  public ServiceType getType() {
    return type;
  }

  public void setType(ServiceType type) {
    this.type = type;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ServiceSpec that)) {
      return false;
    }
    return Objects.equals(type, that.type)
        && Objects.equals(annotations, that.annotations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, annotations);
  }

  @Override
  public String toString() {
    return "ServiceSpec{"
        + "type=" + type
        + ", annotations=" + annotations
        + "}";
  }
}
