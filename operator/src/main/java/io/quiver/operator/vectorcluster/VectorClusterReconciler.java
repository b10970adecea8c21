package io.quiver.operator.vectorcluster;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import io.quiver.crd.common.Condition;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.crd.v1alpha1.vectorcluster.VectorClusterStatus;
import io.quiver.operator.status.ConditionFact;
import io.quiver.operator.status.Reasons;
import io.quiver.operator.status.StatusUpdates;
import io.quiver.operator.vectorcluster.model.ClusterNames;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reconciles a VectorCluster: its Kubernetes objects are the dependents of the workflow below; this
 * class only turns what they report into status (endpoint, version, ready nodes, conditions).
 *
 * <p>Order: the ConfigMap, Secrets and Services first; the default group's StatefulSet after them, ready
 * when all its replicas are; the PodDisruptionBudget after the StatefulSet. A managed etcd (Service, then
 * StatefulSet) exists only while spec.etcd.managed is set. No finalizer: everything is owned by the
 * cluster and garbage-collected with it.
 */
@ControllerConfiguration(maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
@Workflow(dependents = {
    @Dependent(name = VectorClusterReconciler.CONFIG, type = ConfigMapDependent.class),
    @Dependent(name = VectorClusterReconciler.INTERNAL_SECRET, type = InternalSecretDependent.class),
    @Dependent(name = VectorClusterReconciler.ROOT_SECRET, type = RootSecretDependent.class,
        reconcilePrecondition = RootSecretRequested.class),
    @Dependent(name = VectorClusterReconciler.HEADLESS_SERVICE, type = HeadlessServiceDependent.class),
    @Dependent(name = VectorClusterReconciler.CLIENT_SERVICE, type = ClientServiceDependent.class),
    @Dependent(name = VectorClusterReconciler.ETCD_SERVICE, type = EtcdServiceDependent.class,
        reconcilePrecondition = ManagedEtcdRequested.class),
    @Dependent(name = VectorClusterReconciler.ETCD, type = EtcdStatefulSetDependent.class,
        reconcilePrecondition = ManagedEtcdRequested.class, dependsOn = VectorClusterReconciler.ETCD_SERVICE,
        readyPostcondition = StatefulSetReady.class),
    @Dependent(name = VectorClusterReconciler.NODES, type = DefaultGroupStatefulSetDependent.class,
        dependsOn = {VectorClusterReconciler.CONFIG, VectorClusterReconciler.INTERNAL_SECRET,
            VectorClusterReconciler.HEADLESS_SERVICE},
        readyPostcondition = StatefulSetReady.class),
    @Dependent(name = VectorClusterReconciler.PDB, type = PodDisruptionBudgetDependent.class,
        dependsOn = VectorClusterReconciler.NODES),
})
public class VectorClusterReconciler implements Reconciler<VectorCluster> {

  static final String CONFIG = "config";
  static final String INTERNAL_SECRET = "internal-secret";
  static final String ROOT_SECRET = "root-secret";
  static final String HEADLESS_SERVICE = "headless-service";
  static final String CLIENT_SERVICE = "client-service";
  static final String ETCD_SERVICE = "etcd-service";
  static final String ETCD = "etcd";
  static final String NODES = "nodes";
  static final String PDB = "pdb";

  private final StatusUpdates status;

  public VectorClusterReconciler(StatusUpdates status) {
    this.status = status;
  }

  @Override
  public UpdateControl<VectorCluster> reconcile(VectorCluster cluster, Context<VectorCluster> context) {
    String name = cluster.getMetadata().getName();
    String nodesName = ClusterNames.statefulSet(name, ClusterNames.DEFAULT_GROUP);
    StatefulSet nodes = context.getSecondaryResourcesAsStream(StatefulSet.class)
        .filter(s -> s.getMetadata().getName().equals(nodesName)).findFirst().orElse(null);
    int wanted = cluster.getSpec().getReplicas() == null ? 1 : cluster.getSpec().getReplicas();
    int ready = nodes == null ? 0 : StatefulSetReady.readyReplicas(nodes);
    WorkflowReconcileResult workflow = context.managedWorkflowAndDependentResourceContext()
        .getWorkflowReconcileResult().orElse(WorkflowReconcileResult.EMPTY);
    boolean allReady = workflow.allDependentResourcesReady() && nodes != null;

    VectorClusterStatus next = new VectorClusterStatus();
    VectorClusterStatus previous = cluster.getStatus();
    next.setEndpoint(ClusterNames.endpoint(name, cluster.getMetadata().getNamespace()));
    next.setReplicas(wanted);
    next.setReadyNodes(ready);
    next.setVersion(allReady ? cluster.getSpec().getVersion() : previous == null ? null : previous.getVersion());

    String progress = ready + " of " + wanted + " nodes ready";
    List<ConditionFact> facts = allReady
        ? List.of(
            ConditionFact.isTrue(Condition.READY, Reasons.READY, progress + ", running " + cluster.getSpec().getVersion()),
            ConditionFact.isFalse(Condition.PROGRESSING, Reasons.UP_TO_DATE, "all objects match the spec"),
            ConditionFact.isFalse(Condition.DEGRADED, Reasons.AS_EXPECTED, "no failures"))
        : List.of(
            ConditionFact.isFalse(Condition.READY, Reasons.NOT_READY, progress + notReady(workflow)),
            ConditionFact.isTrue(Condition.PROGRESSING, Reasons.RECONCILING, progress),
            ConditionFact.isFalse(Condition.DEGRADED, Reasons.AS_EXPECTED, "no failures"));
    return status.update(cluster, next, facts);
  }

  private static String notReady(WorkflowReconcileResult workflow) {
    List<String> names = workflow.getNotReadyDependents().stream().map(d -> d.name()).sorted().toList();
    return names.isEmpty() ? "" : "; waiting for " + String.join(", ", names);
  }

  @Override
  public ErrorStatusUpdateControl<VectorCluster> updateErrorStatus(VectorCluster cluster,
      Context<VectorCluster> context, Exception e) {
    VectorClusterStatus current = cluster.getStatus() == null ? new VectorClusterStatus()
        : context.getClient().getKubernetesSerialization().clone(cluster.getStatus());
    return status.failed(cluster, current, e);
  }
}
