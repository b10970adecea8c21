package io.quiver.operator.tenant;

import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.quiver.crd.v1alpha1.tenant.Tenant;
import io.quiver.operator.tenant.model.TenantModel;
import io.quiver.operator.vectorcluster.model.ClusterNames;

/** The tenant's namespace. Owned by the (cluster-scoped) Tenant and garbage-collected with it. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class NamespaceDependent extends CRUDKubernetesDependentResource<Namespace, Tenant> {

  public NamespaceDependent() {
    super(Namespace.class);
  }

  @Override
  protected Namespace desired(Tenant primary, Context<Tenant> context) {
    return TenantModel.namespace(primary);
  }
}
