package io.quiver.operator.resourcegroup;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
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
import io.quiver.crd.common.Condition;
import io.quiver.crd.v1alpha1.resourcegroup.ResourceGroup;
import io.quiver.crd.v1alpha1.resourcegroup.ResourceGroupStatus;
import io.quiver.operator.ClusterIndex;
import io.quiver.operator.status.ConditionFact;
import io.quiver.operator.status.Reasons;
import io.quiver.operator.status.StatusUpdates;
import io.quiver.operator.resourcegroup.model.ResourceGroupModel;
import io.quiver.operator.vectorcluster.StatefulSetReady;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reconciles a ResourceGroup: a StatefulSet of the referenced cluster's data-plane pods, labelled with
 * the group. A missing cluster is a Degraded condition (ClusterNotFound) and a retry; the cluster's
 * appearance or change reconciles the group again.
 *
 * <p>Extension point: the group in the data plane (CreateResourceGroup / UpdateResourceGroups /
 * DropResourceGroup through {@link io.quiver.operator.dataplane.DataPlaneClient}) joins this workflow
 * as an external dependent once a data-plane client exists; it will bring a finalizer, since dropping
 * the group reaches outside Kubernetes. Until then no finalizer is needed.
 */
@ControllerConfiguration(maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
@Workflow(dependents = {
    @Dependent(name = "nodes", type = GroupStatefulSetDependent.class, readyPostcondition = StatefulSetReady.class),
})
public class ResourceGroupReconciler implements Reconciler<ResourceGroup> {

  private final StatusUpdates status;

  public ResourceGroupReconciler(StatusUpdates status) {
    this.status = status;
  }

  @Override
  public List<EventSource<?, ResourceGroup>> prepareEventSources(EventSourceContext<ResourceGroup> context) {
    return List.of(ClusterIndex.eventSource(context,
        g -> new ResourceID(g.getSpec().getClusterRef().getName(), g.getMetadata().getNamespace())));
  }

  @Override
  public UpdateControl<ResourceGroup> reconcile(ResourceGroup group, Context<ResourceGroup> context) {
    StatefulSet nodes = context.getSecondaryResource(StatefulSet.class).orElse(null);
    int wanted = group.getSpec().getNodes() == null ? 1 : group.getSpec().getNodes();
    int ready = nodes == null ? 0 : StatefulSetReady.readyReplicas(nodes);
    boolean allReady = nodes != null && StatefulSetReady.isReady(nodes);

    ResourceGroupStatus next = new ResourceGroupStatus();
    next.setNodes(wanted);
    next.setReadyNodes(ready);
    next.setGroupName(ResourceGroupModel.dataPlaneName(group));
    String progress = ready + " of " + wanted + " nodes ready";
    List<ConditionFact> facts = allReady
        ? List.of(ConditionFact.isTrue(Condition.READY, Reasons.READY, progress),
            ConditionFact.isFalse(Condition.PROGRESSING, Reasons.UP_TO_DATE, "all objects match the spec"),
            ConditionFact.isFalse(Condition.DEGRADED, Reasons.AS_EXPECTED, "no failures"))
        : List.of(ConditionFact.isFalse(Condition.READY, Reasons.NOT_READY, progress),
            ConditionFact.isTrue(Condition.PROGRESSING, Reasons.RECONCILING, progress),
            ConditionFact.isFalse(Condition.DEGRADED, Reasons.AS_EXPECTED, "no failures"));
    return status.update(group, next, facts);
  }

  @Override
  public ErrorStatusUpdateControl<ResourceGroup> updateErrorStatus(ResourceGroup group, Context<ResourceGroup> context,
      Exception e) {
    ResourceGroupStatus current = group.getStatus() == null ? new ResourceGroupStatus()
        : context.getClient().getKubernetesSerialization().clone(group.getStatus());
    return status.failed(group, current, e);
  }
}
