package io.quiver.crd.v1alpha1.collection;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.quiver.crd.common.Condition;
import io.quiver.crd.common.HasConditions;
import java.util.List;
import java.util.Objects;

/**
 * The observed state of a Collection.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CollectionStatus implements HasConditions {

  @JsonPropertyDescription("Name of the collection in the data plane.")
  private String collectionName;

  @JsonPropertyDescription("Id the data plane gave the collection.")
  private Long collectionId;

  @JsonPropertyDescription("Load state.")
  private LoadState loadState;

  @JsonPropertyDescription("Rows in the collection.")
  private Long rowCount;

  @JsonPropertyDescription("Build progress of each index.")
  private List<IndexStatus> indexProgress;

  @JsonPropertyDescription("Where the replicas live.")
  private List<ReplicaStatus> replicaPlacement;

  @JsonPropertyDescription("The metadata.generation the status was computed from.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready, Progressing, Degraded and SchemaConflict.")
  private List<Condition> conditions;

  public String getCollectionName() {
    return collectionName;
  }

  public void setCollectionName(String collectionName) {
    this.collectionName = collectionName;
  }

  public Long getCollectionId() {
    return collectionId;
  }

  public void setCollectionId(Long collectionId) {
    this.collectionId = collectionId;
  }

  public LoadState getLoadState() {
    return loadState;
  }

  public void setLoadState(LoadState loadState) {
    this.loadState = loadState;
  }

  public Long getRowCount() {
    return rowCount;
  }

  public void setRowCount(Long rowCount) {
    this.rowCount = rowCount;
  }

  public List<IndexStatus> getIndexProgress() {
    return indexProgress;
  }

  public void setIndexProgress(List<IndexStatus> indexProgress) {
    this.indexProgress = indexProgress;
  }

  public List<ReplicaStatus> getReplicaPlacement() {
    return replicaPlacement;
  }

  public void setReplicaPlacement(List<ReplicaStatus> replicaPlacement) {
    this.replicaPlacement = replicaPlacement;
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
    if (!(o instanceof CollectionStatus that)) {
      return false;
    }
    return Objects.equals(collectionName, that.collectionName)
        && Objects.equals(collectionId, that.collectionId)
        && Objects.equals(loadState, that.loadState)
        && Objects.equals(rowCount, that.rowCount)
        && Objects.equals(indexProgress, that.indexProgress)
        && Objects.equals(replicaPlacement, that.replicaPlacement)
        && Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(conditions, that.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(collectionName, collectionId, loadState, rowCount, indexProgress, replicaPlacement, observedGeneration, conditions);
  }

  @Override
  public String toString() {
    return "CollectionStatus{"
        + "collectionName=" + collectionName
        + ", collectionId=" + collectionId
        + ", loadState=" + loadState
        + ", rowCount=" + rowCount
        + ", indexProgress=" + indexProgress
        + ", replicaPlacement=" + replicaPlacement
        + ", observedGeneration=" + observedGeneration
        + ", conditions=" + conditions
        + "}";
  }
}
