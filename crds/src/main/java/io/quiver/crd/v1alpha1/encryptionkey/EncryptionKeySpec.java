package io.quiver.crd.v1alpha1.encryptionkey;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.quiver.crd.common.LocalReference;
import java.util.Objects;

/**
 * The desired state of an EncryptionKey: a customer key (BYOK) for a tenant or a database.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EncryptionKeySpec {

  @JsonPropertyDescription("The VectorCluster (same namespace) whose data the key protects.")
  @Required
  @ValidationRule(value = "self == oldSelf", message = "clusterRef is immutable")
  private LocalReference clusterRef;

  @JsonPropertyDescription("The tenant or database the key protects; cannot change.")
  @Required
  @ValidationRule(value = "self == oldSelf", message = "scope is immutable")
  private KeyScope scope;

  @JsonPropertyDescription("Where the key material is.")
  @Required
  private KeySource keySource;

  @JsonPropertyDescription("Rotation.")
  private RotationSpec rotation;

  @JsonPropertyDescription("Revoke the key: the data it protects becomes unreadable until this is set back to false.")
  @Default("false")
  private Boolean revoked;

  public LocalReference getClusterRef() {
    return clusterRef;
  }

  public void setClusterRef(LocalReference clusterRef) {
    this.clusterRef = clusterRef;
  }

  public KeyScope getScope() {
    return scope;
  }

  public void setScope(KeyScope scope) {
    this.scope = scope;
  }

  public KeySource getKeySource() {
    return keySource;
  }

  public void setKeySource(KeySource keySource) {
    this.keySource = keySource;
  }

  public RotationSpec getRotation() {
    return rotation;
  }

  public void setRotation(RotationSpec rotation) {
    this.rotation = rotation;
  }

  public Boolean getRevoked() {
    return revoked;
  }

  public void setRevoked(Boolean revoked) {
    this.revoked = revoked;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof EncryptionKeySpec that)) {
      return false;
    }
    return Objects.equals(clusterRef, that.clusterRef)
        && Objects.equals(scope, that.scope)
        && Objects.equals(keySource, that.keySource)
        && Objects.equals(rotation, that.rotation)
        && Objects.equals(revoked, that.revoked);
  }

  @Override
  public int hashCode() {
    return Objects.hash(clusterRef, scope, keySource, rotation, revoked);
  }

  @Override
  public String toString() {
    return "EncryptionKeySpec{"
        + "clusterRef=" + clusterRef
        + ", scope=" + scope
        + ", keySource=" + keySource
        + ", rotation=" + rotation
        + ", revoked=" + revoked
        + "}";
  }
}
