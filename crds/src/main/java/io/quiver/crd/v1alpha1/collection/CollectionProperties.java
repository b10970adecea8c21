package io.quiver.crd.v1alpha1.collection;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import java.util.Objects;

/**
 * Collection properties.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CollectionProperties {

  @JsonPropertyDescription("Rows older than this many seconds expire; 0 keeps rows forever.")
  @Min(0)
  private Long ttlSeconds;

  @JsonPropertyDescription("Whether the data plane memory-maps the collection's data instead of holding it on the heap.")
  private Boolean mmap;

  public Long getTtlSeconds() {
    return ttlSeconds;
  }

  public void setTtlSeconds(Long ttlSeconds) {
    this.ttlSeconds = ttlSeconds;
  }

  public Boolean getMmap() {
    return mmap;
  }

  public void setMmap(Boolean mmap) {
    this.mmap = mmap;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CollectionProperties that)) {
      return false;
    }
    return Objects.equals(ttlSeconds, that.ttlSeconds)
        && Objects.equals(mmap, that.mmap);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ttlSeconds, mmap);
  }

  @Override
  public String toString() {
    return "CollectionProperties{"
        + "ttlSeconds=" + ttlSeconds
        + ", mmap=" + mmap
        + "}";
  }
}
