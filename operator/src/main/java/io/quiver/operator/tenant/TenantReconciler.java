package io.quiver.operator.tenant;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.quiver.crd.common.Condition;
import io.quiver.crd.v1alpha1.tenant.Tenant;
import io.quiver.crd.v1alpha1.tenant.TenantSpec;
import io.quiver.crd.v1alpha1.tenant.TenantStatus;
import io.quiver.crd.v1alpha1.tenant.Tier;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.ClusterIndex;
import io.quiver.operator.status.ConditionFact;
import io.quiver.operator.status.Reasons;
import io.quiver.operator.status.StatusUpdates;
import io.quiver.operator.tenant.model.TenantModel;
import io.quiver.operator.vectorcluster.model.ClusterNames;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reconciles a Tenant: its namespace, then the ResourceQuota and NetworkPolicy in it. Ready when the
 * namespace is active and the referenced cluster exists and is ready; the status names the namespace
 * and the cluster's endpoint.
 *
 * <p>A Dedicated tenant whose cluster is also referenced by another tenant is Degraded (ClusterShared).
 * Extension point: the tenant's databases and usage come from the data plane through
 * {@link io.quiver.operator.dataplane.DataPlaneClient} once a client exists.
 */
@ControllerConfiguration(maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
@Workflow(dependents = {
    @Dependent(name = TenantReconciler.NAMESPACE, type = NamespaceDependent.class, readyPostcondition = NamespaceActive.class),
    @Dependent(name = "quota", type = ResourceQuotaDependent.class, dependsOn = TenantReconciler.NAMESPACE,
        reconcilePrecondition = QuotaRequested.class),
    @Dependent(name = "network-policy", type = NetworkPolicyDependent.class, dependsOn = TenantReconciler.NAMESPACE),
})
public class TenantReconciler implements Reconciler<Tenant> {

  static final String NAMESPACE = "namespace";
  /** Reason: a Dedicated tenant's cluster serves other tenants too. */
  public static final String CLUSTER_SHARED = "ClusterShared";

  private final StatusUpdates status;

  public TenantReconciler(StatusUpdates status) {
    this.status = status;
  }

  @Override
  public List<EventSource<?, Tenant>> prepareEventSources(EventSourceContext<Tenant> context) {
    return List.of(ClusterIndex.eventSource(context,
        t -> new ResourceID(t.getSpec().getClusterRef().getName(), t.getSpec().getClusterRef().getNamespace())));
  }

  @Override
  public UpdateControl<Tenant> reconcile(Tenant tenant, Context<Tenant> context) {
    TenantSpec spec = tenant.getSpec();
    VectorCluster cluster = context.getSecondaryResource(VectorCluster.class).orElse(null);
    WorkflowReconcileResult workflow = context.managedWorkflowAndDependentResourceContext()
        .getWorkflowReconcileResult().orElse(WorkflowReconcileResult.EMPTY);

    TenantStatus next = new TenantStatus();
    next.setNamespace(TenantModel.namespaceName(tenant));
    next.setEndpoint(ClusterNames.endpoint(spec.getClusterRef().getName(), spec.getClusterRef().getNamespace()));
    if (tenant.getStatus() != null) {
      next.setUsage(tenant.getStatus().getUsage());
    }

    List<ConditionFact> facts = new ArrayList<>();
    String clusterName = spec.getClusterRef().getNamespace() + "/" + spec.getClusterRef().getName();
    boolean clusterReady = cluster != null && isReady(cluster);
    boolean shared = spec.getTier() == Tier.Dedicated && context.getPrimaryCache().list()
        .anyMatch(other -> !other.getMetadata().getName().equals(tenant.getMetadata().getName())
            && other.getSpec().getClusterRef().equals(spec.getClusterRef()));
    if (cluster == null) {
      facts.add(ConditionFact.isFalse(Condition.READY, Reasons.CLUSTER_NOT_FOUND, "VectorCluster " + clusterName + " not found"));
      facts.add(ConditionFact.isTrue(Condition.PROGRESSING, Reasons.CLUSTER_NOT_FOUND, "waiting for VectorCluster " + clusterName));
      facts.add(ConditionFact.isTrue(Condition.DEGRADED, Reasons.CLUSTER_NOT_FOUND, "VectorCluster " + clusterName + " not found"));
    } else if (shared) {
      facts.add(ConditionFact.isFalse(Condition.READY, CLUSTER_SHARED, "Dedicated tenant shares " + clusterName + " with other tenants"));
      facts.add(ConditionFact.isFalse(Condition.PROGRESSING, CLUSTER_SHARED, "needs a cluster of its own"));
      facts.add(ConditionFact.isTrue(Condition.DEGRADED, CLUSTER_SHARED, "Dedicated tenant shares " + clusterName + " with other tenants"));
    } else if (!workflow.allDependentResourcesReady() || !clusterReady) {
      String waiting = !workflow.allDependentResourcesReady() ? "namespace " + next.getNamespace() : "VectorCluster " + clusterName;
      facts.add(ConditionFact.isFalse(Condition.READY, Reasons.NOT_READY, "waiting for " + waiting));
      facts.add(ConditionFact.isTrue(Condition.PROGRESSING, Reasons.RECONCILING, "waiting for " + waiting));
      facts.add(ConditionFact.isFalse(Condition.DEGRADED, Reasons.AS_EXPECTED, "no failures"));
    } else {
      facts.add(ConditionFact.isTrue(Condition.READY, Reasons.READY, "namespace " + next.getNamespace() + " served by " + clusterName));
      facts.add(ConditionFact.isFalse(Condition.PROGRESSING, Reasons.UP_TO_DATE, "all objects match the spec"));
      facts.add(ConditionFact.isFalse(Condition.DEGRADED, Reasons.AS_EXPECTED, "no failures"));
    }
    return status.update(tenant, next, facts);
  }

  private static boolean isReady(VectorCluster cluster) {
    return cluster.getStatus() != null && cluster.getStatus().getConditions() != null
        && cluster.getStatus().getConditions().stream()
            .anyMatch(c -> Condition.READY.equals(c.getType()) && Condition.TRUE.equals(c.getStatus()));
  }

  @Override
  public ErrorStatusUpdateControl<Tenant> updateErrorStatus(Tenant tenant, Context<Tenant> context, Exception e) {
    TenantStatus current = tenant.getStatus() == null ? new TenantStatus()
        : context.getClient().getKubernetesSerialization().clone(tenant.getStatus());
    return status.failed(tenant, current, e);
  }
}
