package io.quiver.crd.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * A key of a Secret in the referring resource's namespace.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyReference {

  @JsonPropertyDescription("Name of the Secret.")
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  @Size(max = 253)
  private String name;

  @JsonPropertyDescription("Key within the Secret; each referring field documents its default.")
  @Pattern("^[-._a-zA-Z0-9]+$")
  @Size(max = 253)
  private String key;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SecretKeyReference that)) {
      return false;
    }
    return Objects.equals(name, that.name)
        && Objects.equals(key, that.key);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, key);
  }

  @Override
  public String toString() {
    return "SecretKeyReference{"
        + "name=" + name
        + ", key=" + key
        + "}";
  }
}
