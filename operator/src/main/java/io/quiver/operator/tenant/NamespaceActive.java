package io.quiver.operator.tenant;

import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.quiver.crd.v1alpha1.tenant.Tenant;

/** Ready postcondition of the tenant namespace: it exists and is not being deleted. */
public class NamespaceActive implements Condition<Namespace, Tenant> {

  @Override
  public boolean isMet(DependentResource<Namespace, Tenant> dependent, Tenant primary, Context<Tenant> context) {
    return dependent.getSecondaryResource(primary, context)
        .map(ns -> ns.getMetadata().getDeletionTimestamp() == null
            && (ns.getStatus() == null || ns.getStatus().getPhase() == null || "Active".equals(ns.getStatus().getPhase())))
        .orElse(false);
  }
}
