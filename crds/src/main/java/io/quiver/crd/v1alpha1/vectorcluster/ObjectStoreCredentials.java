package io.quiver.crd.v1alpha1.vectorcluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * A Secret in the cluster's namespace holding an S3 access key pair.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectStoreCredentials {

  @JsonPropertyDescription("Name of the Secret.")
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  @Size(max = 253)
  private String name;

  @JsonPropertyDescription("Key of the access key id in the Secret.")
  @Default("accessKeyId")
  @Pattern("^[-._a-zA-Z0-9]+$")
  private String accessKeyIdKey;

  @JsonPropertyDescription("Key of the secret access key in the Secret.")
  @Default("secretAccessKey")
  @Pattern("^[-._a-zA-Z0-9]+$")
  private String secretAccessKeyKey;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getAccessKeyIdKey() {
    return accessKeyIdKey;
  }

  public void setAccessKeyIdKey(String accessKeyIdKey) {
    this.accessKeyIdKey = accessKeyIdKey;
  }

  public String getSecretAccessKeyKey() {
    return secretAccessKeyKey;
  }

  public void setSecretAccessKeyKey(String secretAccessKeyKey) {
    this.secretAccessKeyKey = secretAccessKeyKey;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ObjectStoreCredentials that)) {
      return false;
    }
    return Objects.equals(name, that.name)
        && Objects.equals(accessKeyIdKey, that.accessKeyIdKey)
        && Objects.equals(secretAccessKeyKey, that.secretAccessKeyKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, accessKeyIdKey, secretAccessKeyKey);
  }

  @Override
  public String toString() {
    return "ObjectStoreCredentials{"
        + "name=" + name
        + ", accessKeyIdKey=" + accessKeyIdKey
        + ", secretAccessKeyKey=" + secretAccessKeyKey
        + "}";
  }
}
