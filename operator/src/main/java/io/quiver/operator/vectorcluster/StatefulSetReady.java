package io.quiver.operator.vectorcluster;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Ready postcondition of a StatefulSet: the controller has seen its latest spec and every replica is
 * ready and updated.
 */
public class StatefulSetReady implements Condition<StatefulSet, HasMetadata> {

  @Override
  public boolean isMet(DependentResource<StatefulSet, HasMetadata> dependent, HasMetadata primary,
      Context<HasMetadata> context) {
    return dependent.getSecondaryResource(primary, context).map(StatefulSetReady::isReady).orElse(false);
  }

  /** Whether {@code sts} is rolled out and all its replicas are ready. */
  public static boolean isReady(StatefulSet sts) {
    int wanted = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
    StatefulSetStatus status = sts.getStatus();
    if (status == null) {
      return wanted == 0;
    }
    long generation = sts.getMetadata().getGeneration() == null ? 0 : sts.getMetadata().getGeneration();
    boolean observed = status.getObservedGeneration() != null && status.getObservedGeneration() >= generation;
    int ready = status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
    int updated = status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas();
    return observed && ready >= wanted && updated >= wanted;
  }

  /** Ready replicas of {@code sts}, 0 when unknown. */
  public static int readyReplicas(StatefulSet sts) {
    return sts.getStatus() == null || sts.getStatus().getReadyReplicas() == null ? 0 : sts.getStatus().getReadyReplicas();
  }
}
