package io.quiver.operator.vectorcluster;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.vectorcluster.model.ClusterNames;
import io.quiver.operator.vectorcluster.model.DataPlaneObjects;
import java.util.random.RandomGenerator;

/**
 * The generated root-credentials Secret (auth on, no rootSecretRef).
 *
 * <p>Create-only: its content is random, so it is made once and never compared or rewritten;
 * garbage-collected with the cluster.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class RootSecretDependent extends KubernetesDependentResource<Secret, VectorCluster>
    implements Creator<Secret, VectorCluster>, GarbageCollected<VectorCluster> {

  private final RandomGenerator random = DataPlaneObjects.secureRandom();

  public RootSecretDependent() {
    super(Secret.class);
  }

  @Override
  protected Secret desired(VectorCluster primary, Context<VectorCluster> context) {
    return DataPlaneObjects.rootSecret(primary, random);
  }

  @Override
  public void delete(VectorCluster primary, Context<VectorCluster> context) {
    // garbage-collected through its owner reference
  }
}
