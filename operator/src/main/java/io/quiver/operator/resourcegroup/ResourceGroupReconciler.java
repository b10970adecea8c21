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
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.quiver.crd.common.Condition;
import io.quiver.crd.v1alpha1.resourcegroup.ResourceGroup;
import io.quiver.crd.v1alpha1.resourcegroup.ResourceGroupStatus;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.ClusterIndex;
import io.quiver.operator.dataplane.DataPlaneAccess;
import io.quiver.operator.dataplane.ResourceGroupState;
import io.quiver.operator.status.ConditionFact;
import io.quiver.operator.status.Reasons;
import io.quiver.operator.status.StatusUpdates;
import io.quiver.operator.resourcegroup.model.ResourceGroupModel;
import io.quiver.operator.vectorcluster.StatefulSetReady;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reconciles a ResourceGroup: a StatefulSet of the referenced cluster's data-plane pods, labelled with
 * the group, and the group in the data plane ({@link DataPlaneGroupDependent}, external, behind a
 * finalizer since dropping it reaches outside Kubernetes). The two are independent: the pods start while
 * the data-plane group is created, and nodes join the group as they come up. A missing cluster is a
 * Degraded condition (ClusterNotFound) and a retry; the cluster's appearance or change reconciles the
 * group again. A data plane without resource groups (standalone) is a Degraded condition with reason
 * DataPlaneUnsupported and the data plane's message, re-checked every 5 minutes.
 */
@ControllerConfiguration(maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
@GradualRetry(maxAttempts = -1, initialInterval = 1000, intervalMultiplier = 2, maxInterval = 60_000)
@Workflow(dependents = {
    @Dependent(name = "nodes", type = GroupStatefulSetDependent.class, readyPostcondition = StatefulSetReady.class),
    @Dependent(name = ResourceGroupReconciler.DATA_PLANE_GROUP, type = DataPlaneGroupDependent.class),
})
public class ResourceGroupReconciler implements Reconciler<ResourceGroup> {

  /** Name of the data-plane group dependent. */
  public static final String DATA_PLANE_GROUP = "data-plane-group";

  private final StatusUpdates status;
  private final DataPlaneAccess access;

  /** @param access decides, as the dependent does, whether the cluster can be called yet */
  public ResourceGroupReconciler(StatusUpdates status, DataPlaneAccess access) {
    this.status = status;
    this.access = access;
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
    boolean podsReady = nodes != null && StatefulSetReady.isReady(nodes);

    ResourceGroupStatus next = new ResourceGroupStatus();
    next.setNodes(wanted);
    next.setReadyNodes(ready);
    next.setGroupName(ResourceGroupModel.dataPlaneName(group));
    String progress = ready + " of " + wanted + " nodes ready";
    VectorCluster cluster = context.getSecondaryResource(VectorCluster.class).orElseThrow();
    ResourceGroupState inDataPlane = context.getSecondaryResource(ResourceGroupState.class).orElse(null);
    String dataPlane;
    if (!access.reachable(cluster)) {
      dataPlane = "; waiting for VectorCluster " + cluster.getMetadata().getName() + " to create the group in its data plane";
    } else if (inDataPlane == null) {
      dataPlane = "; group " + next.getGroupName() + " not in the data plane yet";
    } else {
      dataPlane = "; group " + next.getGroupName() + " has " + inDataPlane.nodes().size() + " node(s) in the data plane";
    }
    boolean groupReady = podsReady && inDataPlane != null;
    List<ConditionFact> facts = groupReady
        ? List.of(ConditionFact.isTrue(Condition.READY, Reasons.READY, progress + dataPlane),
            ConditionFact.isFalse(Condition.PROGRESSING, Reasons.UP_TO_DATE, "all objects match the spec"),
            ConditionFact.isFalse(Condition.DEGRADED, Reasons.AS_EXPECTED, "no failures"))
        : List.of(ConditionFact.isFalse(Condition.READY, Reasons.NOT_READY, progress + dataPlane),
            ConditionFact.isTrue(Condition.PROGRESSING, Reasons.RECONCILING, progress + dataPlane),
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
