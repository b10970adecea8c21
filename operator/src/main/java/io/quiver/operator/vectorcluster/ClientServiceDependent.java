package io.quiver.operator.vectorcluster;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.vectorcluster.model.ClusterNames;
import io.quiver.operator.vectorcluster.model.DataPlaneObjects;

/** The client Service (the Milvus endpoint). Created, updated when the spec changes, garbage-collected with the cluster. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class ClientServiceDependent extends CRUDKubernetesDependentResource<Service, VectorCluster> {

  public ClientServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(VectorCluster primary, Context<VectorCluster> context) {
    return DataPlaneObjects.clientService(primary);
  }
}
