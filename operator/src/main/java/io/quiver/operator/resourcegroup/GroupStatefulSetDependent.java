package io.quiver.operator.resourcegroup;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.quiver.crd.v1alpha1.resourcegroup.ResourceGroup;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.resourcegroup.model.ResourceGroupModel;
import io.quiver.operator.status.ReconcileFailure;
import io.quiver.operator.status.Reasons;
import io.quiver.operator.vectorcluster.model.ClusterNames;

/**
 * The group's StatefulSet of data-plane pods. Reconciled only while its cluster exists
 * ({@link ClusterExists}); owned by the ResourceGroup and garbage-collected with it.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class GroupStatefulSetDependent extends CRUDKubernetesDependentResource<StatefulSet, ResourceGroup> {

  public GroupStatefulSetDependent() {
    super(StatefulSet.class);
  }

  @Override
  protected StatefulSet desired(ResourceGroup primary, Context<ResourceGroup> context) {
    VectorCluster cluster = context.getSecondaryResource(VectorCluster.class).orElseThrow(() -> new ReconcileFailure(
        Reasons.CLUSTER_NOT_FOUND, "VectorCluster " + primary.getSpec().getClusterRef().getName() + " not found"));
    return ResourceGroupModel.statefulSet(primary, cluster);
  }
}
