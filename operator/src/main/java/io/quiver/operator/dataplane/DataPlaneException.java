package io.quiver.operator.dataplane;

import io.quiver.operator.status.ReconcileFailure;
import io.quiver.operator.status.Reasons;

/**
 * A data-plane call failed. Retryable failures (unreachable, busy) map to reason DataPlaneUnavailable;
 * permanent ones (invalid request) to DataPlaneRejected.
 */
public class DataPlaneException extends ReconcileFailure {

  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public DataPlaneException(boolean retryable, String message, Throwable cause) {
    super(retryable ? Reasons.DATA_PLANE_UNAVAILABLE : Reasons.DATA_PLANE_REJECTED, message, cause);
    this.retryable = retryable;
  }

  public DataPlaneException(boolean retryable, String message) {
    this(retryable, message, null);
  }

  /** Whether the call may succeed when retried. */
  public boolean retryable() {
    return retryable;
  }
}
