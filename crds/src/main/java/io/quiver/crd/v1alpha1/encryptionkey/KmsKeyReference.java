package io.quiver.crd.v1alpha1.encryptionkey;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.quiver.crd.common.SecretKeyReference;
import java.util.Objects;

/**
 * A key held by an external KMS.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KmsKeyReference {

  @JsonPropertyDescription("KMS provider.")
  @Required
  private KmsProvider provider;

  @JsonPropertyDescription("Key id, ARN or resource name.")
  @Required
  @Size(min = 1, max = 2048)
  private String keyId;

  @JsonPropertyDescription("KMS endpoint, where not the provider's default.")
  @Pattern("^https?://.+$")
  private String endpoint;

  @JsonPropertyDescription("Credentials for the KMS, where not ambient.")
  private SecretKeyReference credentialsSecretRef;

  public KmsProvider getProvider() {
    return provider;
  }

  public void setProvider(KmsProvider provider) {
    this.provider = provider;
  }

  public String getKeyId() {
    return keyId;
  }

  public void setKeyId(String keyId) {
    this.keyId = keyId;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public SecretKeyReference getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(SecretKeyReference credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof KmsKeyReference that)) {
      return false;
    }
    return Objects.equals(provider, that.provider)
        && Objects.equals(keyId, that.keyId)
        && Objects.equals(endpoint, that.endpoint)
        && Objects.equals(credentialsSecretRef, that.credentialsSecretRef);
  }

  @Override
  public int hashCode() {
    return Objects.hash(provider, keyId, endpoint, credentialsSecretRef);
  }

  @Override
  public String toString() {
    return "KmsKeyReference{"
        + "provider=" + provider
        + ", keyId=" + keyId
        + ", endpoint=" + endpoint
        + ", credentialsSecretRef=" + credentialsSecretRef
        + "}";
  }
}
