package io.quiver.operator.tenant;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.quiver.crd.v1alpha1.tenant.Tenant;
import io.quiver.operator.tenant.model.TenantModel;
import io.quiver.operator.vectorcluster.model.ClusterNames;

/** The tenant namespace's isolating NetworkPolicy. Owned by the (cluster-scoped) Tenant and garbage-collected with it. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class NetworkPolicyDependent extends CRUDKubernetesDependentResource<NetworkPolicy, Tenant> {

  public NetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  @Override
  protected NetworkPolicy desired(Tenant primary, Context<Tenant> context) {
    return TenantModel.networkPolicy(primary);
  }
}
