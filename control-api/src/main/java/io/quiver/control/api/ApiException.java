package io.quiver.control.api;

/**
 * A REST error with its HTTP status, and for bad input the field at fault. Turned into an
 * {@link ErrorBody} by {@link ApiExceptionHandler}.
 */
public final class ApiException extends RuntimeException {

  private final int status;
  private final String field;

  public ApiException(int status, String field, String message) {
    super(message);
    this.status = status;
    this.field = field;
  }

  public int status() {
    return status;
  }

  /** The request field at fault (e.g. {@code quotas.maxRows}), or null. */
  public String field() {
    return field;
  }

  /** 400 for the field {@code field}: the message says what is expected. */
  public static ApiException badRequest(String field, String message) {
    return new ApiException(400, field, field + ": " + message);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, null, message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, null, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, null, message);
  }

  /** The one answer for a tenant that does not exist or that the caller does not belong to. */
  public static ApiException tenantNotFound(String tenant) {
    return notFound("tenant " + tenant + " not found");
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, null, message);
  }

  /** 409 for provisioning calls when the control API runs without Kubernetes. */
  public static ApiException needsCluster(String what) {
    return conflict(what + " needs a Kubernetes cluster; this control API runs without one "
        + "(set control.kubernetes.enabled=true)");
  }

  /** 502 when Keycloak or the Kubernetes API failed. */
  public static ApiException upstream(String message) {
    return new ApiException(502, null, message);
  }
}
