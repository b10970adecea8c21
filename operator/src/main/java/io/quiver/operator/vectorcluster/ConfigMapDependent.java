package io.quiver.operator.vectorcluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.vectorcluster.model.ClusterNames;
import io.quiver.operator.vectorcluster.model.DataPlaneObjects;

/** The data-plane configuration file (quiver.properties). Created, updated when the spec changes, garbage-collected with the cluster. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class ConfigMapDependent extends CRUDKubernetesDependentResource<ConfigMap, VectorCluster> {

  public ConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(VectorCluster primary, Context<VectorCluster> context) {
    return DataPlaneObjects.configMap(primary);
  }
}
