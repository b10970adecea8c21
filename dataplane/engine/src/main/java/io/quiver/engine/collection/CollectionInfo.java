package io.quiver.engine.collection;

import io.quiver.engine.schema.CollectionSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the catalog records about a collection. Immutable; every change produces a new instance
 * (the {@code with*} methods).
 *
 * @param id collection id, unique and never reused
 * @param database database name
 * @param name collection name
 * @param schema the schema
 * @param shards number of shards
 * @param consistencyLevel default consistency level
 * @param properties collection properties (collection.ttl.seconds, mmap.enabled, ...)
 * @param partitions partitions in creation order ({@code _default} first unless a partition key is used)
 * @param indexes declared indexes
 * @param createdTimestamp hybrid creation timestamp
 * @param schemaTimestamp hybrid timestamp of the last schema change (Milvus's update_timestamp)
 * @param description collection description
 */
public record CollectionInfo(
    long id,
    String database,
    String name,
    CollectionSchema schema,
    int shards,
    ConsistencyLevel consistencyLevel,
    Map<String, String> properties,
    List<PartitionInfo> partitions,
    List<IndexSpec> indexes,
    long createdTimestamp,
    long schemaTimestamp,
    String description) {

  public CollectionInfo {
    properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    partitions = List.copyOf(partitions);
    indexes = List.copyOf(indexes);
    description = description == null ? "" : description;
  }

  public PartitionInfo partition(String partitionName) {
    for (PartitionInfo p : partitions) {
      if (p.name().equals(partitionName)) {
        return p;
      }
    }
    return null;
  }

  public PartitionInfo partitionById(long partitionId) {
    for (PartitionInfo p : partitions) {
      if (p.id() == partitionId) {
        return p;
      }
    }
    return null;
  }

  /** The index on {@code fieldId}, or null. */
  public IndexSpec indexOnField(long fieldId) {
    for (IndexSpec i : indexes) {
      if (i.fieldId() == fieldId) {
        return i;
      }
    }
    return null;
  }

  public IndexSpec indexNamed(String indexName) {
    for (IndexSpec i : indexes) {
      if (i.name().equals(indexName)) {
        return i;
      }
    }
    return null;
  }

  public CollectionInfo withName(String database, String newName) {
    return new CollectionInfo(id, database, newName, schema, shards, consistencyLevel, properties, partitions,
        indexes, createdTimestamp, schemaTimestamp, description);
  }

  public CollectionInfo withSchema(CollectionSchema newSchema, long ts) {
    return new CollectionInfo(id, database, name, newSchema, shards, consistencyLevel, properties, partitions,
        indexes, createdTimestamp, ts, description);
  }

  public CollectionInfo withProperties(Map<String, String> newProperties) {
    return new CollectionInfo(id, database, name, schema, shards, consistencyLevel, newProperties, partitions,
        indexes, createdTimestamp, schemaTimestamp, description);
  }

  public CollectionInfo withConsistencyLevel(ConsistencyLevel level) {
    return new CollectionInfo(id, database, name, schema, shards, level, properties, partitions,
        indexes, createdTimestamp, schemaTimestamp, description);
  }

  public CollectionInfo withPartitions(List<PartitionInfo> newPartitions) {
    return new CollectionInfo(id, database, name, schema, shards, consistencyLevel, properties, newPartitions,
        indexes, createdTimestamp, schemaTimestamp, description);
  }

  public CollectionInfo withIndexes(List<IndexSpec> newIndexes) {
    return new CollectionInfo(id, database, name, schema, shards, consistencyLevel, properties, partitions,
        newIndexes, createdTimestamp, schemaTimestamp, description);
  }

  public CollectionInfo withPartition(PartitionInfo p) {
    List<PartitionInfo> next = new ArrayList<>(partitions);
    next.add(p);
    return withPartitions(next);
  }
}
