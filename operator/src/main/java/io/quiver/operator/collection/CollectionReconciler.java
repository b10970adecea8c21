package io.quiver.operator.collection;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.quiver.crd.common.Condition;
import io.quiver.crd.v1alpha1.collection.Collection;
import io.quiver.crd.v1alpha1.collection.CollectionStatus;
import io.quiver.crd.v1alpha1.encryptionkey.EncryptionKey;
import io.quiver.crd.v1alpha1.resourcegroup.ResourceGroup;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.ClusterIndex;
import io.quiver.operator.ReferenceIndex;
import io.quiver.operator.collection.model.CollectionModel;
import io.quiver.operator.collection.model.CollectionPlan;
import io.quiver.operator.dataplane.CollectionState;
import io.quiver.operator.dataplane.DataPlaneAccess;
import io.quiver.operator.status.ConditionFact;
import io.quiver.operator.status.Reasons;
import io.quiver.operator.status.StatusUpdates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Reconciles a Collection: the data-plane collection is the workflow's one dependent
 * ({@link CollectionDependent}, external, behind a finalizer); this class turns the collection's state
 * into status: load state, rows, index progress, replica placement, and the conditions Ready,
 * Progressing, Degraded and SchemaConflict.
 *
 * <p>Event sources: the referenced VectorCluster (its becoming ready starts the work), the
 * ResourceGroups replicas are placed in and the EncryptionKey (their changes re-check the collection),
 * and the dependent's poller (a change in the data plane, e.g. a collection or index dropped outside the
 * operator, is repaired on the reconcile it triggers). A steady state writes nothing: no data-plane
 * calls but reads, no status patch. Retries back off from 1 s to a minute without limit; failures the
 * data plane calls permanent are not retried but re-checked on the next change and every 5 minutes.
 */
@ControllerConfiguration(maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
@GradualRetry(maxAttempts = -1, initialInterval = 1000, intervalMultiplier = 2, maxInterval = 60_000)
@Workflow(dependents = @Dependent(name = CollectionReconciler.COLLECTION, type = CollectionDependent.class))
public class CollectionReconciler implements Reconciler<Collection> {

  /** Name of the data-plane collection dependent. */
  public static final String COLLECTION = "collection";

  private final StatusUpdates status;
  private final DataPlaneAccess access;
  private final Duration pollInterval;

  /**
   * @param access decides, as the dependent does, whether the cluster can be called yet
   * @param pollInterval how soon to look again while the collection is still loading or indexing
   */
  public CollectionReconciler(StatusUpdates status, DataPlaneAccess access, Duration pollInterval) {
    this.status = status;
    this.access = access;
    this.pollInterval = pollInterval;
  }

  @Override
  public List<EventSource<?, Collection>> prepareEventSources(EventSourceContext<Collection> context) {
    return List.of(
        ClusterIndex.eventSource(context,
            c -> new ResourceID(c.getSpec().getClusterRef().getName(), c.getMetadata().getNamespace())),
        ReferenceIndex.eventSource(context, ResourceGroup.class, "resourcegroup",
            c -> ReferenceIndex.in(c.getMetadata().getNamespace(), c.getSpec().getResourceGroups())),
        ReferenceIndex.eventSource(context, EncryptionKey.class, "encryptionkey",
            c -> c.getSpec().getEncryptionKeyRef() == null ? Set.of()
                : Set.of(new ResourceID(c.getSpec().getEncryptionKeyRef().getName(), c.getMetadata().getNamespace()))));
  }

  @Override
  public UpdateControl<Collection> reconcile(Collection c, Context<Collection> context) {
    VectorCluster cluster = context.getSecondaryResource(VectorCluster.class).orElseThrow();
    if (!access.reachable(cluster)) {
      CollectionStatus next = keep(c, context);
      String message = "waiting for VectorCluster " + cluster.getMetadata().getName() + " to become ready";
      return status.update(c, next, List.of(
          ConditionFact.isFalse(Condition.READY, Reasons.CLUSTER_NOT_READY, message),
          ConditionFact.isTrue(Condition.PROGRESSING, Reasons.CLUSTER_NOT_READY, message),
          ConditionFact.isFalse(Condition.DEGRADED, Reasons.AS_EXPECTED, "no failures")));
    }
    CollectionState actual = context.getSecondaryResource(CollectionState.class).orElse(null);
    CollectionStatus next = CollectionModel.status(c, actual);
    List<ConditionFact> facts = new ArrayList<>();
    boolean settled = false;
    if (actual == null) {
      String message = "collection " + next.getCollectionName() + " is not in the data plane yet";
      facts.add(ConditionFact.isFalse(Condition.READY, Reasons.NOT_READY, message));
      facts.add(ConditionFact.isTrue(Condition.PROGRESSING, Reasons.RECONCILING, message));
    } else {
      CollectionPlan plan = CollectionModel.plan(c, actual, CollectionReferences.groups(c, context));
      List<String> pending = new ArrayList<>(CollectionModel.pendingWork(c, actual));
      if (plan.hasWrites()) {
        pending.addFirst("still to apply: " + CollectionModel.describe(plan));
      }
      if (!plan.conflicts().isEmpty()) {
        String conflicts = String.join("; ", plan.conflicts());
        facts.add(ConditionFact.isTrue(Reasons.SCHEMA_CONFLICT, Reasons.SCHEMA_CONFLICT,
            "not applied, the data plane keeps its schema: " + conflicts));
        facts.add(ConditionFact.isFalse(Condition.READY, Reasons.SCHEMA_CONFLICT, "the spec has changes the data plane"
            + " cannot apply without losing data: " + conflicts));
        facts.add(ConditionFact.isFalse(Condition.PROGRESSING, Reasons.SCHEMA_CONFLICT,
            pending.isEmpty() ? "the additive part of the spec is applied" : String.join("; ", pending)));
      } else {
        facts.add(ConditionFact.isFalse(Reasons.SCHEMA_CONFLICT, Reasons.AS_EXPECTED, "every schema change is additive"));
        if (pending.isEmpty()) {
          facts.add(ConditionFact.isTrue(Condition.READY, Reasons.READY, summary(actual)));
          facts.add(ConditionFact.isFalse(Condition.PROGRESSING, Reasons.UP_TO_DATE, "the data plane matches the spec"));
        } else {
          facts.add(ConditionFact.isFalse(Condition.READY, Reasons.NOT_READY, String.join("; ", pending)));
          facts.add(ConditionFact.isTrue(Condition.PROGRESSING, Reasons.RECONCILING, String.join("; ", pending)));
        }
      }
      settled = pending.isEmpty();
    }
    facts.add(ConditionFact.isFalse(Condition.DEGRADED, Reasons.AS_EXPECTED, "no failures"));
    UpdateControl<Collection> control = status.update(c, next, facts);
    return settled ? control : control.rescheduleAfter(pollInterval);
  }

  private static String summary(CollectionState actual) {
    return (actual.loaded() ? "loaded with " + actual.replicas().size() + " replica(s)" : "released as declared")
        + ", " + actual.indexes().size() + " index(es) built, " + actual.rowCount() + " rows";
  }

  private static CollectionStatus keep(Collection c, Context<Collection> context) {
    return c.getStatus() == null ? new CollectionStatus()
        : context.getClient().getKubernetesSerialization().clone(c.getStatus());
  }

  @Override
  public ErrorStatusUpdateControl<Collection> updateErrorStatus(Collection c, Context<Collection> context, Exception e) {
    return status.failed(c, keep(c, context), e);
  }
}
