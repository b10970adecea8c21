package io.quiver.crd.v1alpha1.vectorcluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * The S3-compatible object store that holds a cluster's segments, indexes and write-ahead log.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectStoreSpec {

  @JsonPropertyDescription("Endpoint URL, e.g. https://s3.eu-west-1.amazonaws.com or http://minio.storage:9000.")
  @Required
  @Pattern("^https?://[^\\s/]+(/.*)?$")
  @Size(max = 512)
  private String endpoint;

  @JsonPropertyDescription("Bucket name (S3 naming rules).")
  @Required
  @Pattern("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
  private String bucket;

  @JsonPropertyDescription("Key prefix under which this cluster writes; lets clusters share a bucket.")
  @Pattern("^[A-Za-z0-9!_.*'()/-]*$")
  @Size(max = 256)
  private String prefix;

  @JsonPropertyDescription("Region, where the store needs one.")
  @Size(max = 64)
  private String region;

  @JsonPropertyDescription("Secret holding the access key pair.")
  @Required
  private ObjectStoreCredentials secretRef;

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public ObjectStoreCredentials getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(ObjectStoreCredentials secretRef) {
    this.secretRef = secretRef;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ObjectStoreSpec that)) {
      return false;
    }
    return Objects.equals(endpoint, that.endpoint)
        && Objects.equals(bucket, that.bucket)
        && Objects.equals(prefix, that.prefix)
        && Objects.equals(region, that.region)
        && Objects.equals(secretRef, that.secretRef);
  }

  @Override
  public int hashCode() {
    return Objects.hash(endpoint, bucket, prefix, region, secretRef);
  }

  @Override
  public String toString() {
    return "ObjectStoreSpec{"
        + "endpoint=" + endpoint
        + ", bucket=" + bucket
        + ", prefix=" + prefix
        + ", region=" + region
        + ", secretRef=" + secretRef
        + "}";
  }
}
