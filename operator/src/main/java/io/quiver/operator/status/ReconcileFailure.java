package io.quiver.operator.status;

/**
 * A failure with a known condition reason. Reconcilers throw it; the error handler turns it into a
 * Degraded condition, a Warning Event and a retry (habit 4), or, for a permanent failure, into the
 * condition and Event alone: it is looked at again on the next change of the resource or of what it
 * refers to, and after the maximum reconciliation interval.
 */
public class ReconcileFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String reason;
  private final boolean retryable;

  /** @param reason one of {@link Reasons} */
  public ReconcileFailure(String reason, String message) {
    this(reason, message, null, true);
  }

  /** @param reason one of {@link Reasons} */
  public ReconcileFailure(String reason, String message, Throwable cause) {
    this(reason, message, cause, true);
  }

  /**
   * @param reason one of {@link Reasons}
   * @param retryable whether retrying the same reconcile may succeed
   */
  public ReconcileFailure(String reason, String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.reason = reason;
    this.retryable = retryable;
  }

  /** A failure retrying cannot fix (an invalid spec, a permanent refusal). */
  public static ReconcileFailure permanent(String reason, String message) {
    return new ReconcileFailure(reason, message, null, false);
  }

  /** The condition reason. */
  public String reason() {
    return reason;
  }

  /** Whether retrying the same reconcile may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
