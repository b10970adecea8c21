package io.quiver.crd.v1alpha1.vectorcluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.quiver.crd.common.ConsistencyLevel;
import java.util.Objects;

/**
 * Defaults for collections created on this cluster that leave these unset.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CollectionDefaults {

  @JsonPropertyDescription("Consistency level.")
  @Default("Bounded")
  private ConsistencyLevel consistencyLevel;

  @JsonPropertyDescription("Shards per collection.")
  @Default("1")
  @Min(1)
  @Max(16)
  private Integer shards;

  @JsonPropertyDescription("In-memory replicas per loaded collection.")
  @Default("1")
  @Min(1)
  @Max(10)
  private Integer replicas;

  public ConsistencyLevel getConsistencyLevel() {
    return consistencyLevel;
  }

  public void setConsistencyLevel(ConsistencyLevel consistencyLevel) {
    this.consistencyLevel = consistencyLevel;
  }

  public Integer getShards() {
    return shards;
  }

  public void setShards(Integer shards) {
    this.shards = shards;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CollectionDefaults that)) {
      return false;
    }
    return Objects.equals(consistencyLevel, that.consistencyLevel)
        && Objects.equals(shards, that.shards)
        && Objects.equals(replicas, that.replicas);
  }

  @Override
  public int hashCode() {
    return Objects.hash(consistencyLevel, shards, replicas);
  }

  @Override
  public String toString() {
    return "CollectionDefaults{"
        + "consistencyLevel=" + consistencyLevel
        + ", shards=" + shards
        + ", replicas=" + replicas
        + "}";
  }
}
