package io.quiver.operator.status;

/**
 * A failure with a known condition reason. Reconcilers throw it; the error handler turns it into a
 * Degraded condition, a Warning Event and a retry (habit 4).
 */
public class ReconcileFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String reason;

  /** @param reason one of {@link Reasons} */
  public ReconcileFailure(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** @param reason one of {@link Reasons} */
  public ReconcileFailure(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** The condition reason. */
  public String reason() {
    return reason;
  }
}
