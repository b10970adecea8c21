package io.quiver.operator.dataplane;

import java.util.List;
import java.util.Map;

/**
 * What the operator creates a collection with.
 *
 * @param name collection name
 * @param description description
 * @param fields schema fields, in order
 * @param functions schema functions
 * @param enableDynamicField whether rows may carry undeclared fields
 * @param shards shard count
 * @param numPartitions partitions of a partition-key collection (0: none)
 * @param partitions named partitions
 * @param consistencyLevel Strong, Bounded, Session or Eventually
 * @param properties collection properties ({@code collection.ttl.seconds}, {@code mmap.enabled})
 */
public record CollectionDefinition(String name, String description, List<FieldDefinition> fields,
    List<FunctionDefinition> functions, boolean enableDynamicField, int shards, int numPartitions,
    List<String> partitions, String consistencyLevel, Map<String, String> properties) {}
