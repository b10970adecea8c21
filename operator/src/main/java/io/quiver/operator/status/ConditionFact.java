package io.quiver.operator.status;

/**
 * What a reconciler observed for one condition type in this pass.
 *
 * @param type condition type (Ready, Progressing, Degraded, or a kind's own)
 * @param status whether the condition holds
 * @param reason CamelCase reason, one of {@link Reasons}
 * @param message human-readable detail
 */
public record ConditionFact(String type, boolean status, String reason, String message) {

  /** A condition that holds. */
  public static ConditionFact isTrue(String type, String reason, String message) {
    return new ConditionFact(type, true, reason, message);
  }

  /** A condition that does not hold. */
  public static ConditionFact isFalse(String type, String reason, String message) {
    return new ConditionFact(type, false, reason, message);
  }
}
