package io.quiver.operator.dataplane;

import io.quiver.operator.status.ReconcileFailure;
import io.quiver.operator.status.Reasons;

/**
 * A data-plane call failed, in one of three ways ({@link Kind}): the data plane could not be reached or
 * was busy (retryable, reason DataPlaneUnavailable), it rejected the request for good (reason
 * DataPlaneRejected), or it does not implement what was asked (reason DataPlaneUnsupported). The
 * message carries the data plane's own reason. Only UNAVAILABLE is {@link #retryable()}.
 */
public class DataPlaneException extends ReconcileFailure {

  private static final long serialVersionUID = 1L;

  /** How a call failed. */
  public enum Kind {
    /** Unreachable, timed out, busy or rate limited: retrying may succeed. */
    UNAVAILABLE(Reasons.DATA_PLANE_UNAVAILABLE),
    /** The request is invalid or conflicts with the data plane's state: retrying the same call fails again. */
    REJECTED(Reasons.DATA_PLANE_REJECTED),
    /** The data plane does not implement the call (yet). */
    UNSUPPORTED(Reasons.DATA_PLANE_UNSUPPORTED);

    private final String reason;

    Kind(String reason) {
      this.reason = reason;
    }
  }

  private final Kind kind;
  private final int code;

  /**
   * @param code the data plane's error code (Milvus {@code Status.code}), 0 when the failure was not an
   *     answer of the data plane (a network error)
   */
  public DataPlaneException(Kind kind, int code, String message, Throwable cause) {
    super(kind.reason, message, cause, kind == Kind.UNAVAILABLE);
    this.kind = kind;
    this.code = code;
  }

  public DataPlaneException(Kind kind, String message) {
    this(kind, 0, message, null);
  }

  /** How the call failed. */
  public Kind kind() {
    return kind;
  }

  /** The data plane's error code, or 0. */
  public int code() {
    return code;
  }
}
