package io.quiver.crd.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * One observation of a resource's state, in the shape of Kubernetes' own {@code metav1.Condition}.
 *
 * <p>Every Quiver resource reports the types {@link #READY}, {@link #PROGRESSING} and {@link #DEGRADED}.
 * {@code lastTransitionTime} changes only when {@code status} changes; {@code observedGeneration} is the
 * {@code metadata.generation} the condition was computed from.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {

  @JsonPropertyDescription("Condition type, e.g. Ready, Progressing, Degraded.")
  @Required
  @Pattern("^[A-Za-z][A-Za-z0-9]*$")
  private String type;

  @JsonPropertyDescription("True, False or Unknown.")
  @Required
  @Pattern("^(True|False|Unknown)$")
  private String status;

  @JsonPropertyDescription("Machine-readable CamelCase reason for the last transition.")
  @Pattern("^([A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?)?$")
  private String reason;

  @JsonPropertyDescription("Human-readable explanation of the condition.")
  private String message;

  @JsonPropertyDescription("When status last changed (RFC 3339).")
  private String lastTransitionTime;

  @JsonPropertyDescription("The metadata.generation this condition was computed from.")
  private Long observedGeneration;

  /** The resource serves what its spec declares. */
  public static final String READY = "Ready";
  /** The operator is still moving the resource towards its spec. */
  public static final String PROGRESSING = "Progressing";
  /** Something failed; reason and message say what, and the operator retries. */
  public static final String DEGRADED = "Degraded";
  /** Status value "True". */
  public static final String TRUE = "True";
  /** Status value "False". */
  public static final String FALSE = "False";
  /** Status value "Unknown". */
  public static final String UNKNOWN = "Unknown";

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Condition that)) {
      return false;
    }
    return Objects.equals(type, that.type)
        && Objects.equals(status, that.status)
        && Objects.equals(reason, that.reason)
        && Objects.equals(message, that.message)
        && Objects.equals(lastTransitionTime, that.lastTransitionTime)
        && Objects.equals(observedGeneration, that.observedGeneration);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, status, reason, message, lastTransitionTime, observedGeneration);
  }

  @Override
  public String toString() {
    return "Condition{"
        + "type=" + type
        + ", status=" + status
        + ", reason=" + reason
        + ", message=" + message
        + ", lastTransitionTime=" + lastTransitionTime
        + ", observedGeneration=" + observedGeneration
        + "}";
  }
}
