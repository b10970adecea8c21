package io.quiver.operator.vectorcluster;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.vectorcluster.model.DataPlaneObjects;

/** Reconcile precondition of the generated root Secret: auth is on and no rootSecretRef is given. */
public class RootSecretRequested implements Condition<Object, VectorCluster> {

  @Override
  public boolean isMet(DependentResource<Object, VectorCluster> dependent, VectorCluster primary,
      Context<VectorCluster> context) {
    return DataPlaneObjects.needsGeneratedRootSecret(primary);
  }
}
