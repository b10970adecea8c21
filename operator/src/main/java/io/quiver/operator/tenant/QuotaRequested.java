package io.quiver.operator.tenant;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.quiver.crd.v1alpha1.tenant.Tenant;
import io.quiver.operator.tenant.model.TenantModel;

/** Reconcile precondition of the ResourceQuota: the quotas name cpu or memory (else it is deleted). */
public class QuotaRequested implements Condition<Object, Tenant> {

  @Override
  public boolean isMet(DependentResource<Object, Tenant> dependent, Tenant primary, Context<Tenant> context) {
    return TenantModel.hasKubernetesQuota(primary);
  }
}
