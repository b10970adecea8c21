package io.quiver.operator.collection;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.quiver.crd.v1alpha1.collection.Collection;
import io.quiver.crd.v1alpha1.collection.DeletionPolicy;
import io.quiver.crd.v1alpha1.collection.IndexStatus;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.collection.model.CollectionModel;
import io.quiver.operator.collection.model.CollectionPlan;
import io.quiver.operator.dataplane.CollectionDefinition;
import io.quiver.operator.dataplane.CollectionState;
import io.quiver.operator.dataplane.DataPlaneClient;
import io.quiver.operator.dataplane.DataPlaneDependentResource;
import io.quiver.operator.dataplane.DataPlaneException;
import io.quiver.operator.dataplane.FieldDefinition;
import io.quiver.operator.dataplane.IndexDefinition;
import io.quiver.operator.status.ReconcileFailure;
import io.quiver.operator.status.Reasons;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The collection in the data plane, as an external dependent of its Collection (habit 5).
 *
 * <ul>
 *   <li>create: the database if missing, the collection with its declared schema, then its plan
 *       (indexes, loading) in the same pass;
 *   <li>update: the {@link CollectionPlan} against the state just read: additive schema changes,
 *       properties, index changes (a loaded collection is released before a vector index is dropped and
 *       loaded again after), loading with the declared replicas and groups, or releasing; what is not
 *       additive is left alone and reported by the reconciler as SchemaConflict;
 *   <li>delete: per deletionPolicy, Delete drops the collection and Retain leaves it (behind the
 *       Collection's finalizer).
 * </ul>
 *
 * <p>Every write is a Normal Event; recreating a collection or index that disappeared outside the
 * operator is a Warning Event with reason DriftRepaired. Stateless apart from its base class.
 */
public class CollectionDependent extends DataPlaneDependentResource<CollectionState, Collection>
    implements Creator<CollectionState, Collection>, Updater<CollectionState, Collection>, Deleter<Collection> {

  public CollectionDependent() {
    super(CollectionState.class, s -> s.database() + "." + s.name());
  }

  @Override
  protected String clusterName(Collection c) {
    return c.getSpec().getClusterRef().getName();
  }

  @Override
  protected Optional<CollectionState> read(DataPlaneClient client, Collection c) {
    return client.describeCollection(CollectionModel.database(c), CollectionModel.dataPlaneName(c));
  }

  @Override
  protected CollectionState desired(Collection c, Context<Collection> context) {
    return fromSpec(() -> CollectionModel.declared(c));
  }

  /** Matches when the plan has no writes; conflicts alone never trigger an update. */
  @Override
  public Matcher.Result<CollectionState> match(CollectionState actual, Collection c, Context<Collection> context) {
    return Matcher.Result.nonComputed(!plan(c, actual, context).hasWrites());
  }

  private static CollectionPlan plan(Collection c, CollectionState actual, Context<Collection> context) {
    return fromSpec(() -> CollectionModel.plan(c, actual, CollectionReferences.groups(c, context)));
  }

  /** Runs model code, turning a spec it cannot use into a permanent InvalidSpec failure. */
  private static <T> T fromSpec(Supplier<T> model) {
    try {
      return model.get();
    } catch (IllegalArgumentException e) {
      throw ReconcileFailure.permanent(Reasons.INVALID_SPEC, e.getMessage());
    }
  }

  @Override
  public CollectionState create(CollectionState desired, Collection c, Context<Collection> context) {
    CollectionReferences.requireKey(c, context);
    CollectionReferences.groups(c, context); // a missing group fails the creation before anything is written
    DataPlaneClient client = client(c);
    String db = CollectionModel.database(c);
    CollectionDefinition definition = fromSpec(() -> CollectionModel.definition(c));
    if (!client.listDatabases().contains(db)) {
      client.createDatabase(db);
      event(c, Reasons.DATABASE_CREATED, "created database " + db);
    }
    client.createCollection(db, definition);
    boolean existedBefore = c.getStatus() != null && c.getStatus().getCollectionId() != null;
    if (existedBefore) {
      events().record(c, true, Reasons.DRIFT_REPAIRED, "collection " + db + "." + definition.name()
          + " (id " + c.getStatus().getCollectionId() + ") disappeared from the data plane outside the operator;"
          + " recreated it empty");
    } else {
      event(c, Reasons.COLLECTION_CREATED, "created collection " + db + "." + definition.name() + " with "
          + definition.fields().size() + " fields and " + definition.shards() + " shard(s)");
    }
    return apply(client, c, context, reread(client, c), false);
  }

  @Override
  public CollectionState update(CollectionState actual, CollectionState desired, Collection c,
      Context<Collection> context) {
    return apply(client(c), c, context, actual, true);
  }

  /** Applies the plan of {@code c} against {@code actual}; returns the state read afterwards. */
  private CollectionState apply(DataPlaneClient client, Collection c, Context<Collection> context,
      CollectionState actual, boolean repairsDrift) {
    CollectionPlan plan = plan(c, actual, context);
    if (!plan.hasWrites()) {
      return actual;
    }
    String db = actual.database();
    String name = actual.name();
    for (String partition : plan.createPartitions()) {
      client.createPartition(db, name, partition);
      event(c, Reasons.PARTITION_CREATED, "created partition " + partition);
    }
    for (FieldDefinition field : plan.addFields()) {
      client.addField(db, name, field);
      event(c, Reasons.FIELD_ADDED, "added nullable field " + field.name() + " (" + field.dataType() + ")");
    }
    if (!plan.setProperties().isEmpty()) {
      client.alterProperties(db, name, plan.setProperties());
      event(c, Reasons.PROPERTIES_CHANGED, "set properties " + plan.setProperties());
    }
    if (plan.releaseForIndexes()) {
      client.release(db, name);
      event(c, Reasons.RELEASED, "released to drop vector index(es) "
          + plan.dropIndexes().stream().map(IndexDefinition::indexName).toList() + "; loaded again afterwards");
    }
    for (IndexDefinition index : plan.dropIndexes()) {
      client.dropIndex(db, name, index.fieldName(), index.indexName());
      event(c, Reasons.INDEX_DROPPED, "dropped index " + index.indexName() + " on " + index.fieldName()
          + (plan.createIndexes().stream().anyMatch(i -> i.indexName().equals(index.indexName()))
              ? " to rebuild it as declared" : ", which the spec no longer declares"));
    }
    for (IndexDefinition index : plan.createIndexes()) {
      client.createIndex(db, name, index);
      if (repairsDrift && wasReported(c, index.indexName()) && actual.index(index.indexName()) == null) {
        events().record(c, true, Reasons.DRIFT_REPAIRED, "index " + index.indexName() + " on " + index.fieldName()
            + " disappeared from the data plane outside the operator; recreated it");
      } else {
        event(c, Reasons.INDEX_CREATED, "created " + index.indexType() + " index " + index.indexName() + " on "
            + index.fieldName());
      }
    }
    int replicas = c.getSpec().getReplicas() == null ? 1 : c.getSpec().getReplicas();
    List<String> groups = CollectionReferences.groups(c, context);
    String placement = replicas + " replica(s) in " + (groups.isEmpty() ? CollectionModel.DEFAULT_RESOURCE_GROUP : groups);
    switch (plan.load()) {
      case LOAD -> {
        client.load(db, name, replicas, groups);
        event(c, Reasons.LOADED, "loading with " + placement);
      }
      case RELOAD -> {
        // loaded collections take new replicas and groups in place (no release, no downtime); a data
        // plane that cannot place them refuses, and the collection stays loaded as it was
        client.load(db, name, replicas, groups);
        event(c, Reasons.LOADED, "moving the loaded collection to " + placement);
      }
      case RELEASE -> {
        client.release(db, name);
        event(c, Reasons.RELEASED, "released (spec.load is false)");
      }
      case NONE -> { }
    }
    return reread(client, c);
  }

  private static boolean wasReported(Collection c, String indexName) {
    List<IndexStatus> reported = c.getStatus() == null ? null : c.getStatus().getIndexProgress();
    return reported != null && reported.stream().anyMatch(i -> indexName.equals(i.getIndexName()));
  }

  private CollectionState reread(DataPlaneClient client, Collection c) {
    return read(client, c).orElseThrow(() -> new DataPlaneException(DataPlaneException.Kind.UNAVAILABLE,
        "collection " + CollectionModel.database(c) + "." + CollectionModel.dataPlaneName(c)
            + " is not visible right after it was written; will look again"));
  }

  @Override
  protected void handleDelete(Collection c, CollectionState secondary, Context<Collection> context) {
    String qualified = CollectionModel.database(c) + "." + CollectionModel.dataPlaneName(c);
    if (c.getSpec().getDeletionPolicy() == DeletionPolicy.Delete) {
      VectorCluster cluster = context.getSecondaryResource(VectorCluster.class).orElse(null);
      boolean neverCreated = c.getStatus() == null || c.getStatus().getCollectionId() == null;
      if (cluster == null) {
        event(c, Reasons.COLLECTION_RETAINED, "nothing to drop: VectorCluster " + clusterName(c)
            + " is gone, and with it " + qualified);
      } else if (neverCreated && !reachable(cluster)) {
        event(c, Reasons.COLLECTION_RETAINED, "nothing to drop: VectorCluster " + clusterName(c)
            + " never became ready, so " + qualified + " was never created");
      } else {
        client(c, cluster, context).dropCollection(CollectionModel.database(c), CollectionModel.dataPlaneName(c));
        event(c, Reasons.COLLECTION_DROPPED, "dropped collection " + qualified + " (deletionPolicy Delete)");
      }
    } else {
      event(c, Reasons.COLLECTION_RETAINED, "left collection " + qualified + " and its data in the data plane"
          + " (deletionPolicy Retain)");
    }
    forget(ResourceID.fromResource(c));
  }

  private void event(Collection c, String reason, String message) {
    events().record(c, false, reason, message);
  }
}
