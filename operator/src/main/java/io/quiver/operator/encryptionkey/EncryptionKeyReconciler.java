package io.quiver.operator.encryptionkey;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.quiver.crd.common.Condition;
import io.quiver.crd.v1alpha1.encryptionkey.EncryptionKey;
import io.quiver.crd.v1alpha1.encryptionkey.EncryptionKeyStatus;
import io.quiver.crd.v1alpha1.encryptionkey.KeyPhase;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.ClusterIndex;
import io.quiver.operator.dataplane.DataPlaneAccess;
import io.quiver.operator.dataplane.KeyState;
import io.quiver.operator.encryptionkey.model.EncryptionKeyModel;
import io.quiver.operator.status.ConditionFact;
import io.quiver.operator.status.Reasons;
import io.quiver.operator.status.StatusUpdates;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reconciles an EncryptionKey: the key in the data plane is the workflow's one dependent
 * ({@link DataPlaneKeyDependent}, external); this class turns the data plane's key into status (phase,
 * active version, data keys re-wrapped) and conditions. Until the data plane implements customer keys,
 * the dependent's calls fail with DataPlaneUnsupported and the status says so (Ready=False,
 * Degraded=True, reason DataPlaneUnsupported), re-checked every 5 minutes; a Collection that refers to
 * the key waits for it rather than storing data unencrypted.
 */
@ControllerConfiguration(maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
@GradualRetry(maxAttempts = -1, initialInterval = 1000, intervalMultiplier = 2, maxInterval = 60_000)
@Workflow(dependents = @Dependent(name = EncryptionKeyReconciler.KEY, type = DataPlaneKeyDependent.class))
public class EncryptionKeyReconciler implements Reconciler<EncryptionKey> {

  /** Name of the data-plane key dependent. */
  public static final String KEY = "data-plane-key";

  private final StatusUpdates status;
  private final DataPlaneAccess access;
  private final Clock clock;

  public EncryptionKeyReconciler(StatusUpdates status, DataPlaneAccess access, Clock clock) {
    this.status = status;
    this.access = access;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, EncryptionKey>> prepareEventSources(EventSourceContext<EncryptionKey> context) {
    return List.of(ClusterIndex.eventSource(context,
        k -> new ResourceID(k.getSpec().getClusterRef().getName(), k.getMetadata().getNamespace())));
  }

  @Override
  public UpdateControl<EncryptionKey> reconcile(EncryptionKey key, Context<EncryptionKey> context) {
    VectorCluster cluster = context.getSecondaryResource(VectorCluster.class).orElseThrow();
    KeyState actual = context.getSecondaryResource(KeyState.class).orElse(null);
    String scope = EncryptionKeyModel.scope(key).describe();
    if (!access.reachable(cluster) || actual == null) {
      String message = !access.reachable(cluster)
          ? "waiting for VectorCluster " + cluster.getMetadata().getName() + " to become ready"
          : "the data plane has no key for " + scope + " yet";
      return status.update(key, keep(key, context), List.of(
          ConditionFact.isFalse(Condition.READY, Reasons.NOT_READY, message),
          ConditionFact.isTrue(Condition.PROGRESSING, Reasons.RECONCILING, message),
          ConditionFact.isFalse(Condition.DEGRADED, Reasons.AS_EXPECTED, "no failures")));
    }
    EncryptionKeyStatus next = EncryptionKeyModel.status(key.getSpec(), key.getStatus(), actual, clock.instant());
    String summary = "version " + actual.activeVersion() + " protects " + scope;
    List<ConditionFact> facts = switch (next.getPhase()) {
      case Reachable -> List.of(ConditionFact.isTrue(Condition.READY, Reasons.READY, summary),
          ConditionFact.isFalse(Condition.PROGRESSING, Reasons.UP_TO_DATE, "every data key is wrapped by the active version"));
      case Rotating -> List.of(ConditionFact.isTrue(Condition.READY, Reasons.READY, summary),
          ConditionFact.isTrue(Condition.PROGRESSING, Reasons.RECONCILING, actual.dataKeysRewrapped() + " of "
              + actual.dataKeysTotal() + " data keys re-wrapped"));
      case Revoked -> List.of(ConditionFact.isFalse(Condition.READY, KeyPhase.Revoked.name(), "revoked: the data of "
              + scope + " is unreadable until spec.revoked is false"),
          ConditionFact.isFalse(Condition.PROGRESSING, Reasons.UP_TO_DATE, "revoked as declared"));
    };
    List<ConditionFact> all = new java.util.ArrayList<>(facts);
    all.add(ConditionFact.isFalse(Condition.DEGRADED, Reasons.AS_EXPECTED, "no failures"));
    return status.update(key, next, all);
  }

  private static EncryptionKeyStatus keep(EncryptionKey key, Context<EncryptionKey> context) {
    return key.getStatus() == null ? new EncryptionKeyStatus()
        : context.getClient().getKubernetesSerialization().clone(key.getStatus());
  }

  @Override
  public ErrorStatusUpdateControl<EncryptionKey> updateErrorStatus(EncryptionKey key, Context<EncryptionKey> context,
      Exception e) {
    return status.failed(key, keep(key, context), e);
  }
}
