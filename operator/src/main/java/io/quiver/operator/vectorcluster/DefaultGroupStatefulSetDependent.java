package io.quiver.operator.vectorcluster;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.vectorcluster.model.ClusterNames;
import io.quiver.operator.vectorcluster.model.DataPlaneStatefulSets;

/** The default resource group's StatefulSet. Created, updated when the spec changes, garbage-collected with the cluster. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class DefaultGroupStatefulSetDependent extends CRUDKubernetesDependentResource<StatefulSet, VectorCluster> {

  public DefaultGroupStatefulSetDependent() {
    super(StatefulSet.class);
  }

  @Override
  protected StatefulSet desired(VectorCluster primary, Context<VectorCluster> context) {
    return DataPlaneStatefulSets.statefulSet(primary, DataPlaneStatefulSets.defaultGroup(primary));
  }
}
