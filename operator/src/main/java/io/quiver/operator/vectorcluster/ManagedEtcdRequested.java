package io.quiver.operator.vectorcluster;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.vectorcluster.model.ManagedEtcd;

/** Reconcile precondition of the managed etcd's objects: spec.etcd.managed is set (else they are deleted). */
public class ManagedEtcdRequested implements Condition<Object, VectorCluster> {

  @Override
  public boolean isMet(DependentResource<Object, VectorCluster> dependent, VectorCluster primary,
      Context<VectorCluster> context) {
    return ManagedEtcd.requested(primary);
  }
}
