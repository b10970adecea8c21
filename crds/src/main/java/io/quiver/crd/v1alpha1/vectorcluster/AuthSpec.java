package io.quiver.crd.v1alpha1.vectorcluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.quiver.crd.common.SecretKeyReference;
import java.util.Objects;

/**
 * Authentication on the Milvus endpoint.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuthSpec {

  @JsonPropertyDescription("Require credentials (user:password or API key) on every call.")
  @Default("false")
  private Boolean enabled;

  @JsonPropertyDescription("Secret holding the root password (key defaults to \"password\"); generated when omitted.")
  private SecretKeyReference rootSecretRef;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public SecretKeyReference getRootSecretRef() {
    return rootSecretRef;
  }

  public void setRootSecretRef(SecretKeyReference rootSecretRef) {
    this.rootSecretRef = rootSecretRef;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof AuthSpec that)) {
      return false;
    }
    return Objects.equals(enabled, that.enabled)
        && Objects.equals(rootSecretRef, that.rootSecretRef);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, rootSecretRef);
  }

  @Override
  public String toString() {
    return "AuthSpec{"
        + "enabled=" + enabled
        + ", rootSecretRef=" + rootSecretRef
        + "}";
  }
}
