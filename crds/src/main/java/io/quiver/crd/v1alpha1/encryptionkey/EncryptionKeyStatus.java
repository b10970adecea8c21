package io.quiver.crd.v1alpha1.encryptionkey;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.quiver.crd.common.Condition;
import io.quiver.crd.common.HasConditions;
import java.util.List;
import java.util.Objects;

/**
 * The observed state of an EncryptionKey.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EncryptionKeyStatus implements HasConditions {

  @JsonPropertyDescription("Reachable, Rotating or Revoked.")
  private KeyPhase phase;

  @JsonPropertyDescription("Version of the key that wraps new data keys.")
  private Integer activeVersion;

  @JsonPropertyDescription("Data keys re-wrapped with the active version.")
  private Long segmentsRewrapped;

  @JsonPropertyDescription("Data keys under this key.")
  private Long segmentsTotal;

  @JsonPropertyDescription("When the active version was made (RFC 3339).")
  private String lastRotationTime;

  @JsonPropertyDescription("The last rotateNow value acted on.")
  private String lastRotateNow;

  @JsonPropertyDescription("The metadata.generation the status was computed from.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready, Progressing and Degraded.")
  private List<Condition> conditions;

  public KeyPhase getPhase() {
    return phase;
  }

  public void setPhase(KeyPhase phase) {
    this.phase = phase;
  }

  public Integer getActiveVersion() {
    return activeVersion;
  }

  public void setActiveVersion(Integer activeVersion) {
    this.activeVersion = activeVersion;
  }

  public Long getSegmentsRewrapped() {
    return segmentsRewrapped;
  }

  public void setSegmentsRewrapped(Long segmentsRewrapped) {
    this.segmentsRewrapped = segmentsRewrapped;
  }

  public Long getSegmentsTotal() {
    return segmentsTotal;
  }

  public void setSegmentsTotal(Long segmentsTotal) {
    this.segmentsTotal = segmentsTotal;
  }

  public String getLastRotationTime() {
    return lastRotationTime;
  }

  public void setLastRotationTime(String lastRotationTime) {
    this.lastRotationTime = lastRotationTime;
  }

  public String getLastRotateNow() {
    return lastRotateNow;
  }

  public void setLastRotateNow(String lastRotateNow) {
    this.lastRotateNow = lastRotateNow;
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
    if (!(o instanceof EncryptionKeyStatus that)) {
      return false;
    }
    return Objects.equals(phase, that.phase)
        && Objects.equals(activeVersion, that.activeVersion)
        && Objects.equals(segmentsRewrapped, that.segmentsRewrapped)
        && Objects.equals(segmentsTotal, that.segmentsTotal)
        && Objects.equals(lastRotationTime, that.lastRotationTime)
        && Objects.equals(lastRotateNow, that.lastRotateNow)
        && Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(conditions, that.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(phase, activeVersion, segmentsRewrapped, segmentsTotal, lastRotationTime, lastRotateNow, observedGeneration, conditions);
  }

  @Override
  public String toString() {
    return "EncryptionKeyStatus{"
        + "phase=" + phase
        + ", activeVersion=" + activeVersion
        + ", segmentsRewrapped=" + segmentsRewrapped
        + ", segmentsTotal=" + segmentsTotal
        + ", lastRotationTime=" + lastRotationTime
        + ", lastRotateNow=" + lastRotateNow
        + ", observedGeneration=" + observedGeneration
        + ", conditions=" + conditions
        + "}";
  }
}
