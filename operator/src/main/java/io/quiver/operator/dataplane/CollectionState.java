package io.quiver.operator.dataplane;

import java.util.List;
import java.util.Map;

/**
 * A collection as the data plane reports it.
 *
 * @param id collection id
 * @param fields schema fields, in order
 * @param shards shard count
 * @param partitions partition names
 * @param properties collection properties
 * @param indexes indexes with their build progress
 * @param loadState NotExist, NotLoad, Loading or Loaded
 * @param loadedReplicas replicas when loaded
 * @param replicas where each replica lives
 * @param rowCount rows
 */
public record CollectionState(long id, List<FieldDefinition> fields, int shards, List<String> partitions,
    Map<String, String> properties, List<IndexState> indexes, String loadState, int loadedReplicas,
    List<ReplicaState> replicas, long rowCount) {

  /**
   * An index and its progress.
   *
   * @param definition the index
   * @param indexedRows rows indexed
   * @param totalRows rows to index
   * @param state Finished, InProgress, Failed or None
   */
  public record IndexState(IndexDefinition definition, long indexedRows, long totalRows, String state) {}

  /**
   * One in-memory replica.
   *
   * @param id replica id
   * @param resourceGroup the data-plane group it lives in
   * @param nodes node names
   */
  public record ReplicaState(long id, String resourceGroup, List<String> nodes) {}
}
