package io.quiver.operator.status;

import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.quiver.crd.common.Condition;
import io.quiver.crd.common.HasConditions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a reconcile pass's observations into a status patch, or into nothing when the status would
 * not change (so a steady state writes nothing), and records an Event per condition transition.
 *
 * <p>Every reconciler goes through here, on success ({@link #update}) and on failure
 * ({@link #failed}); the conditions themselves come from {@link ConditionAggregator}. Thread-safe.
 */
public final class StatusUpdates {

  private final EventRecorder events;
  private final Clock clock;

  public StatusUpdates(EventRecorder events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  /**
   * Sets {@code next} as the status of {@code resource}, with conditions merged from {@code facts}.
   *
   * @param next the kind's status fields as observed now; its conditions are replaced
   * @return a status patch if the status changed, else no update
   */
  public <S extends HasConditions, P extends CustomResource<?, S>> UpdateControl<P> update(
      P resource, S next, List<ConditionFact> facts) {
    return apply(resource, next, facts) ? UpdateControl.patchStatus(resource) : UpdateControl.noUpdate();
  }

  /**
   * Records a failed pass: Degraded=True with the failure's reason, Ready and Progressing as given,
   * the rest of the status kept. JOSDK retries the resource afterwards, unless the failure is permanent
   * ({@link Reasons#retryable}): then it is looked at again on the next event or after the maximum
   * reconciliation interval.
   *
   * @param current the status to keep (a copy of the resource's own, or a new one)
   */
  public <S extends HasConditions, P extends CustomResource<?, S>> ErrorStatusUpdateControl<P> failed(
      P resource, S current, Exception failure) {
    String reason = Reasons.of(failure);
    String message = Reasons.messageOf(failure);
    List<ConditionFact> facts = new ArrayList<>();
    facts.add(ConditionFact.isFalse(Condition.READY, reason, message));
    boolean retryable = Reasons.retryable(failure);
    facts.add(retryable ? ConditionFact.isTrue(Condition.PROGRESSING, Reasons.RECONCILING, "retrying after: " + message)
        : ConditionFact.isFalse(Condition.PROGRESSING, reason, "not retried until the spec or what it refers to changes: "
            + message));
    facts.add(ConditionFact.isTrue(Condition.DEGRADED, reason, message));
    ErrorStatusUpdateControl<P> control = apply(resource, current, facts) ? ErrorStatusUpdateControl.patchStatus(resource)
        : ErrorStatusUpdateControl.noStatusUpdate();
    return retryable ? control : control.withNoRetry();
  }

  private <S extends HasConditions, P extends CustomResource<?, S>> boolean apply(
      P resource, S next, List<ConditionFact> facts) {
    S current = resource.getStatus();
    long generation = resource.getMetadata().getGeneration() == null ? 0 : resource.getMetadata().getGeneration();
    ConditionAggregator.Result result = ConditionAggregator.aggregate(
        current == null ? null : current.getConditions(), facts, generation, clock.instant());
    next.setConditions(result.conditions());
    next.setObservedGeneration(generation);
    result.transitions().forEach(t -> events.record(resource, t));
    if (Objects.equals(current, next)) {
      return false;
    }
    resource.setStatus(next);
    return true;
  }
}
