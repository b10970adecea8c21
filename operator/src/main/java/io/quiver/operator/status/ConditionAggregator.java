package io.quiver.operator.status;

import io.quiver.crd.common.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one place where a resource's conditions are built (habit 3).
 *
 * <p>Given the conditions a resource carries and the facts of this pass, it returns the new list:
 * conditions keep their {@code lastTransitionTime} unless their status changes, carry the generation
 * they were computed from, and keep the order of first appearance. Conditions of types not observed
 * in this pass are kept unchanged. The result says whether anything changed, so a reconciler patches
 * status only then, and lists the transitions (status or reason changes), each of which becomes an
 * Event.
 *
 * <p>Pure and stateless; thread-safe.
 */
public final class ConditionAggregator {

  private ConditionAggregator() {}

  /** The outcome: the conditions to store, whether they differ from the current ones, and the transitions. */
  public record Result(List<Condition> conditions, boolean changed, List<Transition> transitions) {}

  /**
   * Merges {@code facts} into {@code current}.
   *
   * @param current the conditions the resource carries now (null for none)
   * @param facts what this pass observed, at most one per type
   * @param generation the metadata.generation the facts were computed from
   * @param now the time to stamp on conditions whose status changes
   */
  public static Result aggregate(List<Condition> current, List<ConditionFact> facts, long generation, Instant now) {
    Map<String, Condition> byType = new LinkedHashMap<>();
    if (current != null) {
      current.forEach(c -> byType.put(c.getType(), c));
    }
    List<Transition> transitions = new ArrayList<>();
    String timestamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
    for (ConditionFact fact : facts) {
      String status = fact.status() ? Condition.TRUE : Condition.FALSE;
      Condition old = byType.get(fact.type());
      Condition next = new Condition();
      next.setType(fact.type());
      next.setStatus(status);
      next.setReason(fact.reason());
      next.setMessage(fact.message());
      next.setObservedGeneration(generation);
      boolean statusChanged = old == null || !Objects.equals(old.getStatus(), status);
      next.setLastTransitionTime(statusChanged ? timestamp : old.getLastTransitionTime());
      if (statusChanged || !Objects.equals(old.getReason(), fact.reason())) {
        transitions.add(new Transition(fact.type(), status, fact.reason(), fact.message(), isWarning(fact)));
      }
      byType.put(fact.type(), next);
    }
    List<Condition> conditions = List.copyOf(byType.values());
    boolean changed = current == null || !conditions.equals(current);
    return new Result(conditions, changed, transitions);
  }

  /** A Warning event for a failure appearing: Degraded or SchemaConflict becoming true. */
  private static boolean isWarning(ConditionFact fact) {
    boolean failureType = fact.type().equals(Condition.DEGRADED) || fact.type().equals(Reasons.SCHEMA_CONFLICT);
    return failureType && fact.status();
  }
}
