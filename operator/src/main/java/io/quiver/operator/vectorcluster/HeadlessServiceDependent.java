package io.quiver.operator.vectorcluster;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.vectorcluster.model.ClusterNames;
import io.quiver.operator.vectorcluster.model.DataPlaneObjects;

/** The headless Service of the data-plane pods. Created, updated when the spec changes, garbage-collected with the cluster. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class HeadlessServiceDependent extends CRUDKubernetesDependentResource<Service, VectorCluster> {

  public HeadlessServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(VectorCluster primary, Context<VectorCluster> context) {
    return DataPlaneObjects.headlessService(primary);
  }
}
