package io.quiver.operator.vectorcluster;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.vectorcluster.model.ClusterNames;
import io.quiver.operator.vectorcluster.model.ManagedEtcd;

/** The managed etcd's headless Service (only with spec.etcd.managed). Created, updated when the spec changes, garbage-collected with the cluster. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class EtcdServiceDependent extends CRUDKubernetesDependentResource<Service, VectorCluster> {

  public EtcdServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(VectorCluster primary, Context<VectorCluster> context) {
    return ManagedEtcd.service(primary);
  }

  /** The name is fixed, so finding (and deleting) it needs no desired object, which needs spec.etcd.managed. */
  @Override
  protected ResourceID targetSecondaryResourceID(VectorCluster primary, Context<VectorCluster> context) {
    return new ResourceID(ClusterNames.etcd(primary.getMetadata().getName()), primary.getMetadata().getNamespace());
  }
}
