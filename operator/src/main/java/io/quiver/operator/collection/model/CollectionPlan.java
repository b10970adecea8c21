package io.quiver.operator.collection.model;

import io.quiver.operator.dataplane.FieldDefinition;
import io.quiver.operator.dataplane.IndexDefinition;
import java.util.List;
import java.util.Map;

/**
 * The data-plane writes that bring an existing collection to its spec, in the order they are applied:
 * partitions, fields, properties, then indexes (releasing first when a vector index must be dropped
 * from a loaded collection), then loading or releasing. Changes the data plane cannot apply without
 * losing data or that it does not allow are not writes but {@link #conflicts()}, reported as a
 * SchemaConflict condition; the additive part of a spec is applied regardless.
 *
 * @param createPartitions named partitions to create
 * @param addFields fields to add (each nullable, not a vector, key or partition key)
 * @param setProperties collection properties to set (AlterCollection)
 * @param releaseForIndexes release before dropping indexes (a loaded collection's vector index cannot be dropped)
 * @param dropIndexes indexes to drop: removed from the spec, or changed (then also in {@code createIndexes})
 * @param createIndexes indexes to create
 * @param load what to do about loading after the rest
 * @param conflicts one sentence per declared change that is not applied, naming what and why
 */
public record CollectionPlan(List<String> createPartitions, List<FieldDefinition> addFields,
    Map<String, String> setProperties, boolean releaseForIndexes, List<IndexDefinition> dropIndexes,
    List<IndexDefinition> createIndexes, LoadAction load, List<String> conflicts) {

  /** What to do about loading. */
  public enum LoadAction {
    /** Nothing: the load state matches the spec. */
    NONE,
    /** Load with the declared replicas and groups. */
    LOAD,
    /** Release. */
    RELEASE,
    /**
     * Load again over the loaded collection: the replicas or their groups changed, and the data plane
     * moves them in place (Milvus 2.4+), without releasing.
     */
    RELOAD
  }

  /** Whether the plan writes anything to the data plane. */
  public boolean hasWrites() {
    return !createPartitions.isEmpty() || !addFields.isEmpty() || !setProperties.isEmpty() || releaseForIndexes
        || !dropIndexes.isEmpty() || !createIndexes.isEmpty() || load != LoadAction.NONE;
  }
}
