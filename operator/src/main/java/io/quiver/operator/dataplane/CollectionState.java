package io.quiver.operator.dataplane;

import java.util.List;
import java.util.Map;

/**
 * A collection as the data plane reports it: schema, partitions, properties, indexes with their build
 * progress, load state and replicas, rows. Lists are in the data plane's order (fields in schema order)
 * or sorted (indexes by name, replicas by id), so two reports of an unchanged collection are equal.
 *
 * @param database database name
 * @param name collection name
 * @param id collection id
 * @param description description
 * @param fields schema fields, in order
 * @param functions schema functions
 * @param enableDynamicField whether rows may carry undeclared fields
 * @param shards shard count
 * @param numPartitions partitions of a partition-key collection (0: none)
 * @param partitions partition names
 * @param consistencyLevel Strong, Bounded, Session or Eventually
 * @param properties collection properties
 * @param indexes indexes with their build progress, sorted by name
 * @param loaded whether the collection is loaded
 * @param replicas where each in-memory replica lives (empty when released), sorted by id
 * @param rowCount rows
 */
public record CollectionState(String database, String name, long id, String description, List<FieldDefinition> fields,
    List<FunctionDefinition> functions, boolean enableDynamicField, int shards, int numPartitions,
    List<String> partitions, String consistencyLevel, Map<String, String> properties, List<IndexState> indexes,
    boolean loaded, List<ReplicaState> replicas, long rowCount) {

  /** The field named {@code name}, or null. */
  public FieldDefinition field(String name) {
    return fields.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
  }

  /** The index named {@code name}, or null. */
  public IndexState index(String name) {
    return indexes.stream().filter(i -> i.definition().indexName().equals(name)).findFirst().orElse(null);
  }

  /**
   * An index and its progress.
   *
   * @param definition the index
   * @param indexedRows rows indexed
   * @param totalRows rows to index
   * @param state Finished, InProgress, Failed or None
   */
  public record IndexState(IndexDefinition definition, long indexedRows, long totalRows, String state) {

    /** Whether the build is complete. */
    public boolean finished() {
      return "Finished".equals(state);
    }
  }

  /**
   * One in-memory replica.
   *
   * @param id replica id
   * @param resourceGroup the data-plane group it lives in
   * @param nodes node ids serving it
   */
  public record ReplicaState(long id, String resourceGroup, List<String> nodes) {}
}
